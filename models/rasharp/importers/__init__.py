"""Labelled radiographs from public formats, mapped onto the joint scheme.

- :func:`read_arise` - ARISE-2025: joint boxes per image and a scores table with three experts
  per joint.
- :func:`read_ra2_dream` - RA2 DREAM: one wide row of grades per patient.

Both give a :class:`LabelledSet`: per image and joint, each reader's grades (and the joint's
position when the format has one). ``LabelledSet.consensus()`` merges several readers with
Dawid-Skene; ``to_crops()`` cuts the joints out for training and evaluation.
"""

from .arise import read_arise
from .common import ImportFormatError, LabelledJoint, LabelledSet
from .ra2dream import read_ra2_dream

__all__ = ["ImportFormatError", "LabelledJoint", "LabelledSet", "read_arise", "read_ra2_dream"]
