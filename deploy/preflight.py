"""Start-up checks of a rasharp container, run by the entry point before the API or a worker.

    python deploy/preflight.py --role api|worker|trainer|migrate [--model-checksums FILE]

Checks, in order, and stops at the first failure with a message that says what to change:
the settings (production refuses unsafe values), the storage (reachable and writable by this
user), for workers the model files against the SHA-256 checksums recorded when the image
was built, and that the GPU answers when RASHARP_DEVICE=cuda; for the trainer, that torch and
rasharp.finetune import. Exit status 0 when all pass,
2 for settings, 3 for storage, 4 for models, 5 for the GPU.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import socket
import sys
from pathlib import Path


class CheckFailed(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def check_settings():
    from pydantic import ValidationError

    from rasharp_service.config import get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        problems = "\n".join(f"  - {error['msg'].removeprefix('Value error, ')}"
                             for error in exc.errors())
        raise CheckFailed(2, f"the settings are not usable:\n{problems}") from None


def check_storage(settings) -> str:
    from rasharp_service.storage import get_storage

    probe = f".preflight/{socket.gethostname()}-{os.getpid()}"
    storage = get_storage()
    if settings.storage_backend == "s3":
        from rasharp_service.storage_s3 import StorageUnavailable

        try:
            storage.check()
        except StorageUnavailable as exc:
            raise CheckFailed(3, str(exc)) from None
        where = storage.location
    else:
        where = str(storage.root)
    try:
        storage.write(probe, b"rasharp")
        readable = storage.read(probe) == b"rasharp"
        storage.delete(probe)
    except PermissionError:
        raise CheckFailed(3, f"the storage directory {where} is not writable by this user "
                             f"(uid {os.getuid()}): give it to that user, e.g. "
                             f"`chown -R {os.getuid()}:{os.getgid()} <the folder or volume>`") from None
    except Exception as exc:  # network, credentials, full disk
        raise CheckFailed(3, f"the storage {where} could not be written and read back: "
                             f"{type(exc).__name__}: {exc}") from None
    if not readable:
        raise CheckFailed(3, f"the storage {where} returned other bytes than were written")
    return where


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_models(settings, checksums: Path) -> list[str]:
    from rasharp.pipeline import model_dir

    directory = model_dir(settings.model_dir)
    if not checksums.is_file():
        raise CheckFailed(4, f"the model checksum file {checksums} is missing")
    expected = {}
    for line in checksums.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            expected[name.lstrip("*")] = digest.lower()
    if not expected:
        raise CheckFailed(4, f"the model checksum file {checksums} lists no models")
    report = []
    for name, digest in sorted(expected.items()):
        path = directory / name
        if not path.is_file():
            raise CheckFailed(4, f"model file {path} is missing (RASHARP_MODEL_DIR={directory})")
        actual = sha256_of(path)
        if actual != digest:
            raise CheckFailed(4, f"model file {path} does not match its checksum: SHA-256 {actual}, "
                                 f"expected {digest} from {checksums}. The file was changed or "
                                 "damaged after the image was built; rebuild the image.")
        report.append(f"{name} {digest[:12]}")
    return report


def check_gpu(settings) -> str:
    """With RASHARP_DEVICE=cuda, a model session must really run on the GPU: onnxruntime falls
    back to the CPU quietly when CUDA cannot start (no GPU visible, driver too old)."""
    import onnxruntime as ort
    from rasharp.pipeline import LOCALIZER_FILE, model_dir

    if "CUDAExecutionProvider" not in ort.get_available_providers():
        raise CheckFailed(5, "RASHARP_DEVICE=cuda, but this onnxruntime has no CUDA provider: "
                             "run the GPU image (target gpu, rasharp:gpu), or set RASHARP_DEVICE=cpu")
    model = model_dir(settings.model_dir) / LOCALIZER_FILE
    cannot_start = ("RASHARP_DEVICE=cuda, but CUDA could not start: is a GPU given to this container "
                    "(NVIDIA Container Toolkit, `deploy.resources` in compose) and is the host's "
                    "NVIDIA driver recent enough for CUDA 13 (580 or newer)?")
    try:
        session = ort.InferenceSession(str(model), providers=["CUDAExecutionProvider",
                                                               "CPUExecutionProvider"])
    except Exception as exc:
        raise CheckFailed(5, f"{cannot_start} ({type(exc).__name__}: {exc})") from None
    if "CUDAExecutionProvider" not in session.get_providers():
        raise CheckFailed(5, cannot_start)
    return f"CUDA, onnxruntime {ort.__version__}"


def check_training():
    """The trainer image carries torch (the train extra); the runtime image does not."""
    try:
        import torch

        import rasharp.finetune  # noqa: F401
    except ImportError as exc:
        raise CheckFailed(
            4,
            f"the trainer cannot fine-tune: {exc}. Run the trainer from the `trainer` image "
            "(docker build --target trainer), which installs the train extra",
        ) from None
    return f"torch {torch.__version__}, CUDA {'available' if torch.cuda.is_available() else 'not available'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--role", choices=("api", "worker", "trainer", "migrate"), required=True)
    parser.add_argument("--model-checksums", type=Path,
                        help="file of `sha256  name` lines; workers check their models against it")
    args = parser.parse_args(argv)
    try:
        settings = check_settings()
        print(f"rasharp preflight: settings ok ({settings.environment})", flush=True)
        if args.role in ("api", "worker", "trainer"):
            print(f"rasharp preflight: storage ok ({check_storage(settings)})", flush=True)
        if args.role == "trainer":
            print(f"rasharp preflight: training ok ({check_training()})", flush=True)
        if args.role == "worker" and args.model_checksums is not None:
            models = ", ".join(check_models(settings, args.model_checksums))
            print(f"rasharp preflight: models ok ({models})", flush=True)
        if args.role == "worker" and settings.device == "cuda":
            print(f"rasharp preflight: GPU ok ({check_gpu(settings)})", flush=True)
    except CheckFailed as failure:
        print(f"rasharp preflight: {failure}", file=sys.stderr, flush=True)
        return failure.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
