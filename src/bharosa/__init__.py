"""bharosa: keeps customer data out of repositories."""

__version__ = "0.1.0"
