"""rasharp-admin: manage users, and snapshot reviewed studies, from the command line.

    rasharp-admin create-user USERNAME --password P [--team T] [--admin]
    rasharp-admin set-password USERNAME --password P
    rasharp-admin list-users
    rasharp-admin snapshot --team T --name N --out DIR   (the team's reviewed studies)
    rasharp-admin register-model DIR [--metrics metrics.json] [--parent VERSION]
        [--snapshot ID]   (a candidate model version: the folder's files, e.g. localizer.onnx)
    rasharp-admin import-folder PATH [--user ADMIN] [--wait]   (a folder below
        RASHARP_IMPORT_ROOT into the worklist, by the worker; --wait shows its progress)
    rasharp-admin train --snapshot ID [--steps N] [--localizer] [--time-limit S] [--wait]
        (fine-tune the promoted version on a snapshot, in the trainer process; --wait shows
        the run's progress until it ends)

Uses DATABASE_URL when set, else the embedded database under --data-dir (default var).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

from sqlalchemy import delete, select

from .auth.models import LoginSession, Team, User
from .auth.passwords import WeakPassword, check_password
from .auth.service import UsernameTaken, create_user, set_password, user_named
from .bootstrap import Environment
from .datasets.service import create_snapshot
from .db import new_session
from .errors import ServiceError
from .folder_imports.cli import import_folder
from .registry.models import ModelVersion
from .registry.service import register_version
from .storage import get_storage
from .training import service as training
from .training.models import ACTIVE_STATES, TrainingRun


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasharp-admin", description="Manage rasharp users.")
    parser.add_argument("--data-dir", default="var", help="folder of the embedded database")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="add a user")
    create.add_argument("username")
    create.add_argument("--password", required=True)
    create.add_argument("--team", default="default")
    create.add_argument("--admin", action="store_true", help="may manage users")
    reset = commands.add_parser("set-password", help="change a user's password")
    reset.add_argument("username")
    reset.add_argument("--password", required=True)
    commands.add_parser("list-users", help="show every user")
    snapshot = commands.add_parser(
        "snapshot", help="freeze a team's reviewed studies as a dataset (rasharp.snapshots)"
    )
    snapshot.add_argument("--team", default="default")
    snapshot.add_argument("--name", required=True, help="what the dataset is for")
    snapshot.add_argument("--out", required=True, help="an empty or new folder to unpack it into")
    model = commands.add_parser(
        "register-model", help="register a folder of model files as a candidate version"
    )
    model.add_argument("folder", help="the model files: localizer.onnx, scorer.onnx, cards")
    model.add_argument("--metrics", help="a JSON file of the version's metrics")
    model.add_argument("--parent", help="the version it was trained from (default: promoted)")
    model.add_argument("--snapshot", type=int, help="id of the dataset snapshot it learnt from")
    folder = commands.add_parser(
        "import-folder", help="import a server folder's films (below RASHARP_IMPORT_ROOT)"
    )
    folder.add_argument("path", help="a folder below RASHARP_IMPORT_ROOT (relative or absolute)")
    folder.add_argument(
        "--user", help="the administrator whose team gets the studies (default: the only one)"
    )
    folder.add_argument("--wait", action="store_true", help="show progress until it finishes")
    train = commands.add_parser(
        "train", help="fine-tune the promoted model version on a dataset snapshot"
    )
    train.add_argument("--snapshot", type=int, required=True, help="id of the dataset snapshot")
    train.add_argument("--steps", type=_positive_int, default=600, help="optimiser steps")
    train.add_argument("--localizer", action="store_true", help="also fine-tune the localizer")
    train.add_argument("--time-limit", type=float, help="seconds after which training stops early")
    train.add_argument("--wait", action="store_true", help="show progress until the run ends")
    args = parser.parse_args(argv)

    if args.command in ("create-user", "set-password"):
        try:
            check_password(args.password, args.username)
        except WeakPassword as exc:
            print(f"rasharp-admin: {exc}", file=sys.stderr)
            return 2

    # An import is sent to the worker through Redis: the one `rasharp-serve` uses.
    environment = Environment(args.data_dir, need_redis=args.command == "import-folder")
    environment.start()
    try:
        return _run(args)
    finally:
        environment.stop()


def _run(args) -> int:
    with new_session() as db:
        if args.command == "create-user":
            try:
                user = create_user(db, args.username, args.password, args.team, args.admin)
            except UsernameTaken as exc:
                print(f"rasharp-admin: {exc}", file=sys.stderr)
                return 1
            db.commit()
            role = "administrator" if user.is_admin else "user"
            print(f"created {role} {user.username} in team {args.team}")
        elif args.command == "snapshot":
            return _snapshot(db, args)
        elif args.command == "register-model":
            return _register_model(db, args)
        elif args.command == "import-folder":
            return import_folder(db, args.path, args.user, args.wait)
        elif args.command == "train":
            return _train(db, args)
        elif args.command == "set-password":
            found = user_named(db, args.username)
            if found is None:
                print(f"rasharp-admin: no user named {args.username!r}", file=sys.stderr)
                return 1
            set_password(found, args.password)
            db.execute(delete(LoginSession).where(LoginSession.user_id == found.id))
            db.commit()
            print(f"password of {found.username} changed")
        else:
            for user in db.scalars(select(User).order_by(User.username)):
                flags = " ".join(
                    f
                    for f, on in (("admin", user.is_admin), ("disabled", not user.is_active))
                    if on
                )
                print(f"{user.username}\t{user.team.name}\t{flags}")
    return 0


def _snapshot(db, args) -> int:
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        print(f"rasharp-admin: {out} is not empty", file=sys.stderr)
        return 2
    team = db.scalar(select(Team).where(Team.name == args.team))
    if team is None:
        print(f"rasharp-admin: no team named {args.team!r}", file=sys.stderr)
        return 1
    storage = get_storage()
    try:
        made = create_snapshot(db, storage, team, None, args.name)
    except ServiceError as exc:
        print(f"rasharp-admin: {exc.message}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(io.BytesIO(storage.read(made.storage_key))) as archive:
        archive.extractall(out)
    print(
        f"dataset v{made.version} of team {team.name}: {made.films} reviewed studies, "
        f"{made.readers} readers, sha256 {made.sha256}, in {out}"
    )
    return 0


def _register_model(db, args) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"rasharp-admin: {folder} is not a folder", file=sys.stderr)
        return 2
    metrics = None
    if args.metrics:
        try:
            metrics = json.loads(Path(args.metrics).read_text())
        except (OSError, ValueError) as exc:
            print(f"rasharp-admin: cannot read {args.metrics}: {exc}", file=sys.stderr)
            return 2
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    try:
        made = register_version(
            db, get_storage(), files, metrics, args.snapshot, args.parent, user=None
        )
    except ServiceError as exc:
        print(f"rasharp-admin: {exc.message}", file=sys.stderr)
        return 1
    components = ", ".join(f"{name} {v}" for name, v in made.components.items())
    print(f"registered model version {made.version} (candidate): {components}")
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _train(db, args) -> int:
    # With REDIS_URL the job is sent at once; else (the embedded engines of rasharp-serve) the
    # trainer finds the queued run within seconds.
    send = bool(os.environ.get("REDIS_URL"))
    try:
        run = training.start_run(
            db, get_storage(), args.snapshot, args.steps, args.localizer, args.time_limit, send=send
        )
    except ServiceError as exc:
        print(f"rasharp-admin: {exc.message}", file=sys.stderr)
        return 1
    print(f"training run {run.id} queued: {args.steps} steps on dataset snapshot {args.snapshot}")
    if not args.wait:
        return 0
    last = ""
    while True:
        db.expire_all()
        if send:  # the trainers' heartbeats are in Redis
            training.check_trainers(db)
        run = db.get_one(TrainingRun, run.id)
        line = describe_progress(db, run)
        if line != last:
            print(line, flush=True)
            last = line
        if run.state not in ACTIVE_STATES:
            return 0 if run.state == "succeeded" else 1
        time.sleep(1)


def describe_progress(db, run: TrainingRun) -> str:
    """One line on a run: its state, and while it runs the phase, step, loss and time left."""
    if run.state == "succeeded":
        candidate = db.get(ModelVersion, run.candidate_version_id)
        return (
            f"run {run.id} succeeded: candidate version {candidate.version if candidate else '-'}"
        )
    if run.state == "failed":
        return f"run {run.id} failed: {run.error}"
    if run.state != "running":
        return f"run {run.id} {run.state}"
    p = run.progress or {}
    parts = [f"run {run.id} {p.get('phase') or 'running'}"]
    if p.get("total"):
        parts.append(f"step {p.get('step') or 0}/{p['total']}")
    if p.get("loss") is not None:
        parts.append(f"loss {p['loss']:.3f}")
    for name, value in sorted((p.get("validation") or {}).items()):
        if value is not None:
            parts.append(f"{name} {value:.3f}")
    if p.get("eta_s") is not None:
        parts.append(f"about {p['eta_s']:.0f} s left")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
