"""rasharp: hand radiograph joint localization and Sharp/van der Heijde scoring (research use only)."""

__version__ = "0.1.0"

RESEARCH_ONLY = (
    "For research use only - not for clinical diagnosis. The default scoring weights were trained "
    "on simulated lesions drawn on radiographs of healthy hands (no real rheumatoid arthritis) and "
    "are not clinically validated."
)
