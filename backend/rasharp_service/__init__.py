"""rasharp_service: the web service and worker around the rasharp library (research use only)."""

__version__ = "0.1.0"
