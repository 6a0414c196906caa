"""bottomline: an archive of daily Iraq briefings for IQD investors."""

__version__ = "0.1.0"
