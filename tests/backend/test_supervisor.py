"""The Supervisor that `rasharp-serve` runs its worker under, with real child processes."""

from __future__ import annotations

import os
import re
import signal
import sys
import time

from rasharp_service.supervisor import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]
CRASHER = [sys.executable, "-c", "import sys; sys.exit(3)"]


def wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_killed_process_is_reported_and_started_again():
    lines: list[str] = []
    supervisor = Supervisor(SLEEPER, first_delay_s=0.1, poll_s=0.05, say=lines.append)
    supervisor.start()
    try:
        first = supervisor.process
        assert first is not None
        os.killpg(first.pid, signal.SIGKILL)
        wait_until(lambda: supervisor.starts == 2)
        second = supervisor.process
        assert second is not None and second.pid != first.pid and second.poll() is None
        assert len(lines) == 1
        assert f"the worker (pid {first.pid}) stopped" in lines[0]
        assert "killed by SIGKILL" in lines[0] and "restarting it" in lines[0]
    finally:
        code = supervisor.stop(timeout_s=10)
    assert code == -signal.SIGTERM and second.poll() is not None


def test_a_process_that_crashes_at_start_is_restarted_after_doubling_waits():
    lines: list[str] = []
    supervisor = Supervisor(
        CRASHER, first_delay_s=0.2, max_delay_s=0.8, poll_s=0.05, say=lines.append
    )
    supervisor.start()
    wait_until(lambda: len(lines) >= 5)
    supervisor.stop(timeout_s=10)
    waits = [float(re.search(r"restarting it in ([\d.]+) s", line)[1]) for line in lines[:5]]
    assert waits == [0.2, 0.4, 0.8, 0.8, 0.8]
    assert all("exit code 3" in line for line in lines)


def test_stop_ends_the_restarts():
    lines: list[str] = []
    supervisor = Supervisor(CRASHER, first_delay_s=0.1, poll_s=0.05, say=lines.append)
    supervisor.start()
    wait_until(lambda: supervisor.starts >= 2)
    supervisor.stop(timeout_s=10)
    starts = supervisor.starts
    time.sleep(0.5)
    assert supervisor.starts == starts
