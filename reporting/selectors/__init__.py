"""Reads of the reporting screens, each with a constant number of queries whatever the data size."""
