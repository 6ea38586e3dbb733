"""voc: voice of customer for contact centres."""

__version__ = "0.1.0"
