"""The worker's film batcher: films of several threads graded in one run, a bounded wait for a
lone film, each thread its own answer, and one film's failure kept to that film."""

from __future__ import annotations

import threading
import time

import pytest

from rasharp_service.worker.batcher import Batcher


class Recorder:
    """A batch runner that records its batches and answers ten times each item; items given
    in ``failing`` fail alone, and a batch holding ``poison`` fails whole."""

    def __init__(self, failing=(), poison=None, delay_s: float = 0.0):
        self.batches: list[list[int]] = []
        self.failing, self.poison, self.delay_s = set(failing), poison, delay_s
        self.lock = threading.Lock()

    def __call__(self, items: list[int]):
        with self.lock:
            self.batches.append(list(items))
        time.sleep(self.delay_s)
        if self.poison in items:
            raise RuntimeError("the model run failed")
        return [ValueError(f"film {i} is damaged") if i in self.failing else i * 10 for i in items]


def submit_all(batcher: Batcher, items: list[int], stagger_s: float = 0.0) -> dict:
    outcomes: dict = {}

    def one(item: int) -> None:
        try:
            outcomes[item] = batcher.submit(item)
        except Exception as exc:
            outcomes[item] = exc

    threads = []
    for item in items:
        thread = threading.Thread(target=one, args=(item,))
        thread.start()
        threads.append(thread)
        time.sleep(stagger_s)
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_a_lone_film_waits_no_longer_than_the_wait():
    run = Recorder()
    batcher = Batcher(run, wait_s=0.3, max_size=8)
    start = time.monotonic()
    assert batcher.submit(7) == 70
    elapsed = time.monotonic() - start
    assert 0.25 <= elapsed < 1.5, f"a lone film took {elapsed:.2f} s with a 0.3 s wait"
    assert run.batches == [[7]]


def test_films_of_several_threads_share_one_run_and_each_gets_its_own_answer():
    run = Recorder()
    batcher = Batcher(run, wait_s=1.0, max_size=8)
    outcomes = submit_all(batcher, [1, 2, 3, 4], stagger_s=0.02)
    assert outcomes == {1: 10, 2: 20, 3: 30, 4: 40}
    assert len(run.batches) == 1 and sorted(run.batches[0]) == [1, 2, 3, 4]
    assert run.batches[0] == [1, 2, 3, 4], "films are graded in the order they came"


def test_a_full_batch_runs_without_waiting_and_the_next_films_open_another():
    run = Recorder()
    batcher = Batcher(run, wait_s=5.0, max_size=3)
    start = time.monotonic()
    outcomes = submit_all(batcher, [1, 2, 3])
    assert time.monotonic() - start < 3.0, "a full batch must not wait for the deadline"
    assert outcomes == {1: 10, 2: 20, 3: 30}
    batcher = Batcher(run := Recorder(delay_s=0.2), wait_s=0.3, max_size=2)
    outcomes = submit_all(batcher, [1, 2, 3, 4, 5], stagger_s=0.01)
    assert outcomes == {i: i * 10 for i in range(1, 6)}
    assert all(len(b) <= 2 for b in run.batches)
    assert sorted(i for b in run.batches for i in b) == [1, 2, 3, 4, 5]


def test_a_damaged_film_fails_alone():
    run = Recorder(failing={2})
    batcher = Batcher(run, wait_s=0.5, max_size=8)
    outcomes = submit_all(batcher, [1, 2, 3], stagger_s=0.02)
    assert outcomes[1] == 10 and outcomes[3] == 30
    assert isinstance(outcomes[2], ValueError) and "film 2 is damaged" in str(outcomes[2])
    assert len(run.batches) == 1


def test_a_failed_run_fails_its_own_batch_only():
    run = Recorder(poison=1)
    batcher = Batcher(run, wait_s=0.2, max_size=2)
    first = submit_all(batcher, [1, 2], stagger_s=0.01)
    assert all(isinstance(first[i], RuntimeError) for i in (1, 2))
    assert submit_all(batcher, [3, 4], stagger_s=0.01) == {3: 30, 4: 40}


def test_bad_settings_say_what_is_accepted():
    with pytest.raises(ValueError, match="at least 1"):
        Batcher(Recorder(), wait_s=0.01, max_size=0)
