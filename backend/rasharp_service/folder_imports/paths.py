"""Which server folders may be imported: those below RASHARP_IMPORT_ROOT, reached without '..'
steps or links that lead out of it."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..config import get_settings
from ..errors import Conflict, Invalid, NotFound


def import_root() -> Path:
    """The configured import folder, resolved; refused when folder imports are off."""
    root = get_settings().import_root
    if root is None:
        raise Conflict("folder_import.off")
    return Path(os.path.realpath(root))


def checked_folder(root: Path, folder: str) -> tuple[Path, str]:
    """The folder to import (resolved) and its name relative to the root, as recorded.

    ``folder`` is a path relative to the root, or an absolute path inside it."""
    given = (folder or "").strip()
    if not given:
        raise Invalid("folder_import.folder_empty", root=str(root))
    if "\x00" in given or ".." in PurePosixPath(given.replace("\\", "/")).parts:
        raise Invalid("folder_import.outside_root", folder=given[:300], root=str(root))
    # Without '..' steps, only links can lead out: the folder as the system resolves them must
    # lie below the root as resolved (an absolute path may name the root by a link to it).
    resolved = Path(os.path.realpath(given if os.path.isabs(given) else root / given))
    if not is_inside(str(resolved), root):
        raise Invalid("folder_import.outside_root", folder=given[:300], root=str(root))
    if not resolved.exists():
        raise NotFound("folder_import.not_found", folder=given[:300], root=str(root))
    if not resolved.is_dir():
        raise Invalid("folder_import.not_folder", folder=given[:300])
    return resolved, resolved.relative_to(root).as_posix() or "."


def is_inside(path: str, root: Path) -> bool:
    return os.path.commonpath([path, str(root)]) == str(root)
