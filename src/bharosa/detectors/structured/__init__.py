"""Readers that understand data files: they turn a file into cells with field names."""
