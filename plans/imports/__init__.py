"""The browser import of plan drafts: upload, review, publish; version diffs and exports."""
