"""Which films a `rasharp predict` run scores: named files, folders (recursively) and globs."""

from __future__ import annotations

import glob
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FILM_SUFFIXES = frozenset({".dcm", ".dicom", ".png", ".jpg", ".jpeg"})
GLOB_CHARACTERS = frozenset("*?[")


@dataclass
class FilmList:
    films: list[str] = field(default_factory=list)
    other_files: list[str] = field(default_factory=list)  # found in folders or globs, not films
    unmatched: list[str] = field(default_factory=list)  # globs that match nothing


def is_film(path: str) -> bool:
    """A DICOM, PNG or JPEG file by its suffix, or a DICOM file by its preamble: archives often
    name DICOM files without a suffix (IM000001) or with a number after the last dot."""
    name = os.path.basename(path)
    if Path(name).suffix.lower() in FILM_SUFFIXES:
        return True
    if name.upper() == "DICOMDIR":  # the archive's index, no pixels
        return False
    try:
        with open(path, "rb") as file:
            return file.read(132)[128:] == b"DICM"
    except OSError:
        return False


def find_films(arguments: list[str]) -> FilmList:
    """Films in the order given, each folder's in name order; hidden files and folders are left
    out. A file named on its own is always a film (reading it says what is wrong with it)."""
    found = FilmList()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.films.append(path)

    def add_found(path: str) -> None:
        if os.path.isdir(path):
            for name in _files_under(path):
                add(name) if is_film(name) else found.other_files.append(name)
        elif is_film(path):
            add(path)
        else:
            found.other_files.append(path)

    for argument in arguments:
        if os.path.isdir(argument):
            add_found(argument)
        elif os.path.exists(argument) or not GLOB_CHARACTERS & set(argument):
            add(argument)
        else:
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                found.unmatched.append(argument)
            for match in matches:
                add_found(match)
    return found


def _files_under(folder: str) -> list[str]:
    files = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
    return files


def overlay_names(films: list[str]) -> dict[str, str]:
    """Names for the heatmap overlays of films that share a file name (visit1/hand.jpg of every
    patient): their path below the folder they have in common, e.g. patient7_visit1_hand."""
    stems = Counter(Path(film).stem for film in films)
    shared = [os.path.abspath(f) for f in films if stems[Path(f).stem] > 1]
    if not shared:
        return {}
    root = os.path.commonpath(shared)
    return {
        film: os.path.splitext(os.path.relpath(path, root))[0].replace(os.sep, "_")
        for film, path in zip((f for f in films if stems[Path(f).stem] > 1), shared, strict=True)
    }
