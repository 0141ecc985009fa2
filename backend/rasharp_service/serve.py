"""rasharp-serve: database, queue, worker, API and UI in one command.

With no DATABASE_URL / REDIS_URL it starts embedded PostgreSQL and Redis under --data-dir,
applies the migrations, creates an administrator on first start (printing the credentials;
RASHARP_ADMIN_PASSWORD chooses the first password, and is ignored once the administrator
exists), starts a Celery worker process for both queues (restarted whenever it stops) and
serves the API and the built UI until Ctrl-C or SIGTERM. Where torch is installed (the train
extra) it also starts a supervised trainer process for the training runs (queue `train`).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import signal
import socket
import sys

from sqlalchemy import select

from .auth.models import User
from .auth.passwords import WeakPassword, check_password
from .auth.service import create_user, user_named
from .bootstrap import Environment
from .db import new_session
from .supervisor import Supervisor

ADMIN_USERNAME = "admin"


def _celery_worker(app: str, queues: str, pool: str, concurrency: int, name: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        app,
        "worker",
        "--queues",
        queues,
        "--pool",
        pool,
        "--concurrency",
        str(concurrency),
        "--hostname",
        f"{name}@{socket.gethostname()}",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]


def worker_command(concurrency: int, name: str = "rasharp") -> list[str]:
    """One worker process, both queues; threads share the models loaded once in the process."""
    return _celery_worker(
        "rasharp_service.worker.celery_app", "gpu,cpu", "threads", concurrency, name
    )


def trainer_command(name: str = "trainer") -> list[str]:
    """The trainer process: queue `train` only, one run at a time (training uses every core)."""
    return _celery_worker("rasharp_service.trainer.celery_app", "train", "solo", 1, name)


def training_available() -> bool:
    """Whether this installation can fine-tune: torch (the train extra) and rasharp.finetune."""
    return (
        importlib.util.find_spec("torch") is not None
        and importlib.util.find_spec("rasharp.finetune") is not None
    )


def initial_admin_password() -> str:
    """RASHARP_ADMIN_PASSWORD when set (it must follow the password rules), else a random one."""
    chosen = os.environ.get("RASHARP_ADMIN_PASSWORD")
    if not chosen:
        return secrets.token_urlsafe(16)
    try:
        check_password(chosen, ADMIN_USERNAME)
    except WeakPassword as exc:
        raise WeakPassword(f"RASHARP_ADMIN_PASSWORD is refused: {exc}") from None
    return chosen


def ensure_admin() -> None:
    """Create the administrator when the database has no user yet. An existing administrator's
    password is never changed here: that is `rasharp-admin set-password`'s job."""
    with new_session() as db:
        if db.scalar(select(User.id).limit(1)) is not None:
            if os.environ.get("RASHARP_ADMIN_PASSWORD") and user_named(db, ADMIN_USERNAME):
                print(
                    "rasharp: RASHARP_ADMIN_PASSWORD is ignored: the administrator exists "
                    "(change its password with `rasharp-admin set-password admin`)",
                    flush=True,
                )
            return
        password = initial_admin_password()
        create_user(db, ADMIN_USERNAME, password, team="default", is_admin=True)
        db.commit()
        print(
            "\n  rasharp: administrator account created\n"
            f"    username: {ADMIN_USERNAME}\n    password: {password}\n"
            "  (change it after the first login; it is not shown again)\n",
            flush=True,
        )


def create_first_admin() -> bool:
    """ensure_admin, saying so in one sentence (no traceback) when RASHARP_ADMIN_PASSWORD is
    refused; False then. The container's `migrate` step runs this too."""
    try:
        ensure_admin()
    except WeakPassword as exc:
        print(f"rasharp: {exc}", file=sys.stderr, flush=True)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rasharp-serve", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data-dir", default="var", help="embedded databases and stored files")
    parser.add_argument(
        "--worker-concurrency", type=int, default=2, help="jobs one worker runs at once (default 2)"
    )
    parser.add_argument(
        "--api-workers",
        type=int,
        default=1,
        help="API processes (default 1; more use more CPU cores for requests)",
    )
    parser.add_argument(
        "--no-worker", action="store_true", help="serve the API only; workers run elsewhere"
    )
    parser.add_argument(
        "--no-trainer", action="store_true", help="start no trainer (training runs wait)"
    )
    args = parser.parse_args(argv)

    import uvicorn

    environment = Environment(args.data_dir)
    worker = trainer = None
    # SIGTERM ends the server like Ctrl-C does, so the clean-up below always runs.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        environment.start()
        if not create_first_admin():
            return 2
        if not args.no_worker:
            # Restarted whenever it stops (crash, kill -9); its jobs are queued again by the
            # job recovery once its heartbeat expires.
            worker = Supervisor(worker_command(args.worker_concurrency), env=os.environ.copy())
            worker.start()
        if not (args.no_worker or args.no_trainer):
            if training_available():
                trainer = Supervisor(trainer_command(), name="trainer", env=os.environ.copy())
                trainer.start()
            else:
                print(
                    "rasharp: no trainer started: torch is not installed (install the train "
                    "extra, e.g. `make install`); training runs wait in the queue until a "
                    "trainer runs",
                    flush=True,
                )
        # Imported once the environment is set: the job queue's Celery app reads the settings
        # (the Redis URL of the engine just started) when its module is imported.
        from .main import create_app

        print(f"rasharp: serving http://{args.host}:{args.port}  (Ctrl-C stops)", flush=True)
        options = {
            "host": args.host,
            "port": args.port,
            "log_level": "info",
            "timeout_keep_alive": 30,
            "timeout_graceful_shutdown": 10,
        }
        if args.api_workers > 1:  # each process builds its own app from the environment set above
            uvicorn.run(
                "rasharp_service.main:create_app", factory=True, workers=args.api_workers, **options
            )
        else:
            uvicorn.Server(uvicorn.Config(create_app(), **options)).run()
    except KeyboardInterrupt:
        pass
    finally:
        if trainer is not None:
            trainer.stop(timeout_s=10)  # a run stopped here is marked failed
        if worker is not None:
            worker.stop(timeout_s=60)  # warm shutdown: running jobs finish
        environment.stop()
        print("rasharp: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
