"""The service without its API: embedded PostgreSQL and Redis under DATA_DIR (migrated, with the
first administrator) and a supervised Celery worker, for a test that stops and restarts the API
process (`rasharp-serve --no-worker`) while these keep running.

Prints one JSON line with the environment the API process needs, then runs until SIGTERM.
Usage: python engines.py DATA_DIR
"""

import json
import os
import signal
import sys
import threading

from rasharp_service.bootstrap import Environment
from rasharp_service.serve import create_first_admin, worker_command
from rasharp_service.supervisor import Supervisor


def main(data_dir: str) -> int:
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    environment = Environment(data_dir)
    worker = None
    try:
        environment.start()
        if not create_first_admin():
            return 2
        worker = Supervisor(worker_command(2), env=os.environ.copy())
        worker.start()
        names = ("DATABASE_URL", "REDIS_URL", "RASHARP_STORAGE_DIR")
        print(json.dumps({name: os.environ[name] for name in names}), flush=True)
        stopping.wait()
    finally:
        if worker is not None:
            worker.stop(timeout_s=60)
        environment.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
