"""SalesDesk: a regional sales manager's desk in the terminal."""

__version__ = "0.1.0"
