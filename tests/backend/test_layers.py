"""The import rules of both packages (.importlinter at the repository root) and no import cycles.

Imports inside functions count like any other: a cycle held together by one is still a cycle.
"""

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("rasharp", "rasharp_service", cache_dir=None)
    cycles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.add(_from_first(importer, *back[:-1]))
    assert not cycles, "import cycles:\n" + "\n".join(sorted(cycles))


def _from_first(*loop: str) -> str:
    """The cycle written from its alphabetically first module, whichever module found it."""
    start = loop.index(min(loop))
    turned = loop[start:] + loop[:start]
    return " -> ".join((*turned, turned[0]))
