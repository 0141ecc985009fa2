"""RA2 DREAM's wide column names for this scheme's hand grades, both ways.

Columns are named ``<limb>_<area>_<E|J>__<joint>``: ``LH``/``RH`` left or right hand (``LF``,
``RF`` feet), ``E`` erosion, ``J`` joint space narrowing, for example ``LH_pip_E__2`` (erosion
of PIP2), ``RH_mcp_J__3`` (narrowing of MCP3), ``LH_mcp_E__ip`` (erosion of the thumb's IP
joint) and ``LH_wrist_E__mc1`` (erosion at the base of metacarpal 1, CMC1 here). RA2 DREAM
does not score DIP joints; this scheme does, and names them the same way (``LH_dip_E__2``).
Read by the RA2 DREAM importer and written by the service's cohort export.
"""

from __future__ import annotations

import re

from .scheme import joint as scheme_joint_of

COLUMN = re.compile(
    r"^(?P<limb>[LR][HF])_(?P<area>[a-z]+)_(?P<kind>[EJ])__(?P<joint>[a-z0-9]+)$", re.I
)
SIDES = {"L": "left", "R": "right"}
KINDS = {"E": "erosion", "J": "jsn"}
_AREAS = {"IP": "mcp", "DIP": "dip", "PIP": "pip", "MCP": "mcp", "CMC": "wrist"}


def scheme_joint(area: str, joint: str) -> str | None:
    """This scheme's code for a hand column's area and joint, or None when it has none."""
    area, joint = area.lower(), joint.lower()
    if area in ("mcp", "pip") and joint == "ip":
        return "IP1"
    if area in ("dip", "pip") and joint in ("2", "3", "4", "5"):
        return f"{area.upper()}{joint}"
    if area == "mcp" and joint in ("1", "2", "3", "4", "5"):
        return f"MCP{joint}"
    if area == "wrist" and joint == "mc1":
        return "CMC1"
    return None


def hand_column(side: str, code: str, kind: str) -> str:
    """The column of one grade of one hand joint, e.g. ("left", "PIP2", "erosion") ->
    ``LH_pip_E__2``; the inverse of :func:`scheme_joint`."""
    group = scheme_joint_of(code).group
    limb = "LH" if side == "left" else "RH"
    letter = next(k for k, name in KINDS.items() if name == kind)
    if code == "IP1":
        number = "ip"
    elif code == "CMC1":
        number = "mc1"
    else:
        number = code[len(group) :]
    return f"{limb}_{_AREAS[group]}_{letter}__{number}"
