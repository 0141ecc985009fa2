"""Hostile-input benchmark: prints figures, asserts nothing.

    .venv/bin/python backend/benchmarks/bench_hostile_input.py [--passes 3]

Starts `rasharp-serve` in embedded mode (as bench_api.py does), then sends, --passes times:

1. the hostile corpus of tests/backend/hostile_corpus.py with its bombs at full size (a DICOM
   deflated to 1 MB that inflates to 1 GiB, RLE 8000 x 8000 x 10 frames, a 64 x 64 RLE DICOM
   whose 128 MB of repeat runs decode to 8 GiB, JPEG and JPEG 2000 frames declaring
   60000 x 60000 in a 64 x 64 header, an 8944 x 8944 PNG of zeros, a 30000 x 30000 PNG, ...);
2. a 400 MB chunked upload (no Content-Length) with a session, and one without a session,
   with what the API process wrote to disk meanwhile (a spooled body would show here);
3. the unusual but valid DICOMs of the tests (signed, 1-bit, deflated, RLE, JPEG, JPEG 2000),
   which the worker analyses;

and prints, for each pass, how many answers were as expected and the peak memory (VmHWM) of the
API process and of the worker (its main process and pool processes, the largest), against the
goal of at most 1 GB each.
"""

from __future__ import annotations

import argparse
import collections
import secrets
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bench_api import admin_client, memory_mb, start_server, stop_server, wait_done, worker_pid

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "backend"))  # the corpus is shared with the tests

from hostile_corpus import (  # noqa: E402
    bad_uploads,
    compressed_dicom,
    deflated_dicom,
    dicom,
    gradient,
    image_bytes,
    jpeg_2000,
    rle_dicom,
    rle_encoded_dicom,
)
from pydicom.uid import JPEG2000Lossless, JPEGBaseline8Bit  # noqa: E402

CHUNKED_MB = 400


def child_pids(pid: int) -> list[int]:
    children = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                status = (proc / "status").read_text()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                children.append(int(proc.name))
    return children


def peak_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        try:
            peaks.append(memory_mb(pid, "VmHWM"))
        except OSError:
            continue
    return max(peaks, default=float("nan"))


def disk_writes_mb(pid: int) -> float:
    """Bytes the process has caused to be written to storage (spooled uploads count)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


def chunked_upload(base: str, cookies, megabytes: int) -> str:
    """A body without Content-Length; the answer, or how the server cut it off."""
    block = b"\0" * (1024 * 1024)
    sent = 0

    def body():
        nonlocal sent
        yield (
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.png"\r\n'
            b"Content-Type: image/png\r\n\r\n"
        )
        for _ in range(megabytes):
            sent += 1
            yield block
        yield b"\r\n--b--\r\n"

    try:
        response = httpx.post(
            f"{base}/api/studies",
            content=body(),
            cookies=cookies,
            headers={"content-type": "multipart/form-data; boundary=b"},
            timeout=120,
        )
        return f"{response.status_code} after {sent} MB sent"
    except httpx.HTTPError as exc:
        return f"connection closed by the server after {sent} MB sent ({type(exc).__name__})"


def valid_unusual() -> dict[str, bytes]:
    return {
        "signed 16-bit": dicom(
            bytes(range(256)) * 512, rows=256, columns=256, bits=16, PixelRepresentation=1
        ),
        "1-bit": dicom(bytes([0x55]) * (256 * 32), rows=256, columns=256, bits=1),
        "deflated": deflated_dicom(gradient(256, 256), rows=256, columns=256),
        "rle single frame": rle_dicom(256, 256, 1),
        "rle of literal runs": rle_encoded_dicom(256, 256),
        "jpeg baseline": compressed_dicom(
            JPEGBaseline8Bit, image_bytes("JPEG", (256, 256)), rows=256, columns=256
        ),
        "jpeg 2000": compressed_dicom(
            JPEG2000Lossless, jpeg_2000((256, 256)), rows=256, columns=256
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = bad_uploads(bombs="full")
    size = sum(len(c.data) for c in corpus.values())
    print(
        f"corpus: {len(corpus)} hostile files, {size / 1e6:.1f} MB in all "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    data_dir = Path(tempfile.mkdtemp(prefix="rasharp-bench-hostile-"))
    password = secrets.token_urlsafe(12)
    server = start_server(data_dir, args.port, password)
    base = f"http://127.0.0.1:{args.port}"
    try:
        client, _ = admin_client(base, password, timeout=300)
        worker = worker_pid(server.pid)
        workers = [worker, *child_pids(worker)] if worker else []
        print(
            f"after start: API VmHWM {peak_mb([server.pid]):.0f} MB, "
            f"worker VmHWM {peak_mb(workers):.0f} MB"
        )
        for number in range(1, args.passes + 1):
            outcomes: collections.Counter = collections.Counter()
            unexpected = []
            pass_started = time.perf_counter()
            for name, bad in corpus.items():
                response = client.post(
                    "/api/studies",
                    files={"file": (bad.filename, bad.data, "application/octet-stream")},
                    data={"patient_code": bad.patient_code or "HOSTILE-1"},
                )
                ok = response.status_code == bad.status and bad.reason in response.text
                outcomes["as expected" if ok else "unexpected"] += 1
                if not ok:
                    unexpected.append(f"{name}: {response.status_code} {response.text[:160]}")
            written = disk_writes_mb(server.pid)
            signed_in = chunked_upload(base, client.cookies, CHUNKED_MB)
            signed_in += f", API wrote {disk_writes_mb(server.pid) - written:.0f} MB to disk"
            written = disk_writes_mb(server.pid)
            anonymous = chunked_upload(base, None, CHUNKED_MB)
            anonymous += f", API wrote {disk_writes_mb(server.pid) - written:.0f} MB to disk"
            studies = []
            for name, data in valid_unusual().items():
                response = client.post(
                    "/api/studies", files={"file": (f"{name}.dcm", data, "application/dicom")}
                )
                outcomes[f"valid: {response.status_code}"] += 1
                if response.status_code == 202:
                    studies.append(response.json()["study_id"])
            finished = collections.Counter(wait_done(client, s)["status"] for s in studies)
            workers = [worker, *child_pids(worker)] if worker else []
            health = client.get("/api/health").status_code
            print(
                f"pass {number}: {dict(outcomes)} in {time.perf_counter() - pass_started:.1f} s; "
                f"valid files analysed: {dict(finished)}; health {health}"
            )
            print(f"  {CHUNKED_MB} MB chunked upload, signed in: {signed_in}")
            print(f"  {CHUNKED_MB} MB chunked upload, no session: {anonymous}")
            for line in unexpected:
                print(f"  unexpected: {line}")
            print(
                f"  peak memory so far: API VmHWM {peak_mb([server.pid]):.0f} MB, "
                f"worker VmHWM {peak_mb(workers):.0f} MB (goal <= 1024 MB each)"
            )
    finally:
        stop_server(server, data_dir)


if __name__ == "__main__":
    main()
