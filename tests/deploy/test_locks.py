"""The lock files against what the packages declare: requirements/runtime.txt (the image),
requirements/dev.txt (`make install`) and requirements/train.txt (the trainer image) pin, with
hashes, every dependency that the pyproject files declare, at versions they accept; the image's
lock has no torch; the locks agree where they overlap. `make lock` rewrites both after a change of a pyproject or .in file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REQUIREMENTS = REPO / "requirements"
PACKAGES = {"models": "rasharp", "backend": "rasharp-service"}  # folder: distribution name
FIX = "run `make lock` to regenerate requirements/*.txt"


@dataclass
class Pin:
    version: str
    hashes: list[str]


def read_lock(name: str) -> dict[str, Pin]:
    """{canonical name: Pin} of a pip-compile output; anything but `name==version --hash=...`
    fails the test."""
    text = re.sub(r"\\\n", " ", (REQUIREMENTS / name).read_text())
    pins: dict[str, Pin] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *options = line.split()
        assert not requirement.startswith("-"), f"{name}: {line!r} does not belong in a lock"
        req = Requirement(requirement)
        specifiers = list(req.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", (
            f"{name}: {req.name} is not pinned to one version ({requirement})"
        )
        hashes = [o.removeprefix("--hash=") for o in options if o.startswith("--hash=sha256:")]
        pins[canonicalize_name(req.name)] = Pin(specifiers[0].version, hashes)
    return pins


def pyproject(folder: str) -> dict:
    return tomllib.loads((REPO / folder / "pyproject.toml").read_text())


def declared(folder: str, extras: Sequence[str] = ()) -> list[Requirement]:
    """What a package needs: its dependencies, the named extras and its build requirements
    (the packages are built by the locked setuptools, without build isolation)."""
    data = pyproject(folder)
    project = data["project"]
    lines = list(project.get("dependencies", [])) + list(data["build-system"]["requires"])
    for extra in extras:
        assert extra in project.get("optional-dependencies", {}), (
            f"requirements/dev.in installs {folder}[{extra}], which {folder}/pyproject.toml lacks"
        )
        lines += project["optional-dependencies"][extra]
    requirements = [Requirement(line) for line in lines]
    return [
        r
        for r in requirements
        if canonicalize_name(r.name) not in PACKAGES.values()
        and (r.marker is None or r.marker.evaluate())
    ]


def dev_extras() -> dict[str, list[str]]:
    """{folder: extras} as requirements/dev.in installs them (`-e ./models[train,dev]`)."""
    dev_in = (REQUIREMENTS / "dev.in").read_text()
    found = re.findall(r"^-e\s+\./(\w+)(?:\[([^\]]*)\])?", dev_in, re.M)
    extras = {folder: [e.strip() for e in names.split(",") if e.strip()] for folder, names in found}
    assert set(extras) == set(PACKAGES), f"requirements/dev.in should name both packages: {extras}"
    return extras


def missing_or_wrong(lock: str, requirements: list[Requirement]) -> list[str]:
    pins = read_lock(lock)
    problems = []
    for req in requirements:
        pin = pins.get(canonicalize_name(req.name))
        if pin is None:
            problems.append(f"{req.name}: declared as {str(req)!r} but not in requirements/{lock}")
        elif not req.specifier.contains(pin.version, prereleases=True):
            problems.append(
                f"{req.name}: requirements/{lock} pins {pin.version}, outside the declared {str(req)!r}"
            )
    return problems


@pytest.mark.parametrize("lock", ["runtime.txt", "dev.txt", "train.txt"])
def test_every_pin_is_exact_and_hashed(lock):
    pins = read_lock(lock)
    assert pins, f"requirements/{lock} pins nothing"
    unhashed = sorted(name for name, pin in pins.items() if not pin.hashes)
    assert not unhashed, f"requirements/{lock}: no hash for {', '.join(unhashed)}; {FIX}"
    locked_packages = set(pins) & set(PACKAGES.values())
    assert not locked_packages, (
        f"requirements/{lock} pins {locked_packages}: the project's own packages are installed "
        "after the lock, from the working tree"
    )


def test_runtime_lock_pins_every_runtime_requirement():
    requirements = [r for folder in PACKAGES for r in declared(folder)]
    problems = missing_or_wrong("runtime.txt", requirements)
    assert not problems, "\n".join(problems) + f"\n{FIX}"


def test_dev_lock_pins_every_requirement_and_extra():
    requirements = [r for folder, extras in dev_extras().items() for r in declared(folder, extras)]
    problems = missing_or_wrong("dev.txt", requirements)
    assert not problems, "\n".join(problems) + f"\n{FIX}"


def test_train_lock_pins_the_runtime_and_the_train_extra():
    requirements = [r for folder in PACKAGES for r in declared(folder)]
    requirements += declared("models", ["train"])
    problems = missing_or_wrong("train.txt", requirements)
    assert not problems, "\n".join(problems) + f"\n{FIX}"


def test_runtime_lock_has_no_torch():
    heavy = sorted(
        name
        for name in read_lock("runtime.txt")
        if name in ("torch", "triton") or name.startswith("nvidia-")
    )
    assert not heavy, (
        f"requirements/runtime.txt pins {', '.join(heavy)}: the image must not carry torch; "
        "something in the packages' runtime dependencies pulls it in"
    )


@pytest.mark.parametrize("lock", ["runtime.txt", "train.txt"])
def test_locks_agree_where_they_overlap(lock):
    dev = read_lock("dev.txt")
    problems = [
        f"{name}: {lock} pins {pin.version}, dev.txt "
        + (f"pins {dev[name].version}" if name in dev else "lacks it")
        for name, pin in read_lock(lock).items()
        if name not in dev or dev[name].version != pin.version
    ]
    assert not problems, (
        "the image and the development environment would run different versions:\n"
        + "\n".join(problems)
        + f"\n{FIX}"
    )
