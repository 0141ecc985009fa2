"""Dataset snapshots: reviewed studies frozen for training and evaluation.

A snapshot is a folder (or a ZIP of it) with the films, their joints and every reader's final
grades, and a manifest holding each file's SHA-256 and one checksum over them all:

- ``manifest.json``: format, name, version, team, when, films, readers, ``files`` and ``sha256``;
- ``images/<film>.<ext>``: the films as stored (DICOM files de-identified);
- ``joints.csv``: per film and joint the position, presence and final grades, with who set each
  grade last (``model`` or a reader), who set the position last (``position_source``: ``model``
  or the reader who moved the marker) and who reviewed the film;
- ``grades.csv``: per film, joint and grade kind, each reader's final grade (the reviewer's is the
  final grade of every joint: the reviewer signed them all off).

:func:`read_snapshot` checks the checksums and gives a :class:`Snapshot`, whose
``labelled_set()`` is what the importers give (``to_crops()`` for training and evaluation);
:mod:`.exports` writes the ARISE-2025 and RA2 DREAM formats that the importers read.
"""

from .format import (
    FORMAT,
    Snapshot,
    SnapshotError,
    SnapshotFilm,
    SnapshotJoint,
    read_snapshot,
    write_snapshot,
)

__all__ = [
    "FORMAT",
    "Snapshot",
    "SnapshotError",
    "SnapshotFilm",
    "SnapshotJoint",
    "read_snapshot",
    "write_snapshot",
]
