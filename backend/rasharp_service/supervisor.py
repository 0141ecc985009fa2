"""Keep a child process running: `rasharp-serve` starts its worker through a Supervisor, which
notices when the worker exits (crashed, killed), says so, and starts it again.

A worker that keeps dying soon after it starts (bad model files, no database) is restarted after
waits that double up to ``max_delay_s``; one that ran for ``stable_after_s`` is restarted at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable


def describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


class Supervisor:
    def __init__(
        self,
        command: list[str],
        name: str = "worker",
        env: dict[str, str] | None = None,
        first_delay_s: float = 1.0,
        max_delay_s: float = 60.0,
        stable_after_s: float = 60.0,
        poll_s: float = 0.5,
        say: Callable[[str], None] | None = None,
    ):
        self.command = command
        self.name = name
        self.env = env
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.stable_after_s = stable_after_s
        self.poll_s = poll_s
        self.say = say or (lambda line: print(line, file=sys.stderr, flush=True))
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._started_at = 0.0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"{name}-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            # Its own session: Ctrl-C in the terminal reaches the server, which stops it cleanly.
            self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True)
            self.starts += 1
            self._started_at = time.monotonic()

    def _watch(self) -> None:
        delay = self.first_delay_s
        while not self._stopping.wait(self.poll_s):
            process = self.process
            if process is None or process.poll() is None:
                continue
            ran_s = time.monotonic() - self._started_at
            delay = self.first_delay_s if ran_s >= self.stable_after_s else delay
            self.say(
                f"rasharp: the {self.name} (pid {process.pid}) stopped after {ran_s:.0f} s "
                f"({describe_exit(process.returncode)}); restarting it in {delay:g} s"
            )
            if self._stopping.wait(delay):
                return
            self._spawn()
            delay = min(delay * 2, self.max_delay_s)

    def stop(self, timeout_s: float = 60) -> int | None:
        """Stop watching, then stop the process: SIGTERM (running jobs finish), SIGKILL after
        ``timeout_s``. Returns its exit code."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if self._thread.is_alive():
            self._thread.join()
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        return process.returncode
