"""Yearly data entry: the form, review and locks, the Excel round-trip, and the read-only API."""
