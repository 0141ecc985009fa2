#!/usr/bin/env bash
# Container entry point: check the settings, the storage and (for workers) the model files
# against the checksums made at build time, then run one role.
#   api      the web API and the UI (uvicorn), behind the TLS proxy
#   worker   a Celery worker; queues from RASHARP_WORKER_QUEUES (gpu,cpu by default)
#   trainer  the trainer (queue train, one run at a time; the `trainer` image, which has torch)
#   migrate  apply the database migrations, create the administrator on first start, exit
#   check    run the start-up checks only
# Anything else is run as a command (e.g. `rasharp-admin list-users`).
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP_DIR="$(dirname "${DEPLOY_DIR}")"
# Recorded when the image was built (Dockerfile, stage "weights").
CHECKSUMS="${RASHARP_MODEL_CHECKSUMS:-${DEPLOY_DIR}/models.sha256}"
ROLE_FILE="${TMPDIR:-/tmp}/rasharp-role"
role="${1:-api}"
[[ $# -gt 0 ]] && shift

preflight() {
    python "${DEPLOY_DIR}/preflight.py" --role "$1" --model-checksums "${CHECKSUMS}"
}

# The health check runs as a separate process: tell it what this container is.
remember_role() {
    printf '%s\n%s\n' "$1" "$2" > "${ROLE_FILE}"
}

case "${role}" in
    api)
        preflight api
        port="${RASHARP_API_PORT:-8000}"
        remember_role api "${port}"
        exec uvicorn rasharp_service.main:app --host 0.0.0.0 --port "${port}" \
            --workers "${RASHARP_API_WORKERS:-2}" \
            --proxy-headers --forwarded-allow-ips "${RASHARP_FORWARDED_ALLOW_IPS:-*}" \
            --timeout-graceful-shutdown 20 --no-server-header "$@"
        ;;
    worker)
        preflight worker
        node="${RASHARP_WORKER_NAME:-worker}@$(hostname)"
        remember_role worker "${node}"
        # Threads share the models loaded once in the process; warm shutdown on SIGTERM lets
        # running jobs finish, and a job on a killed worker returns to the queue. Task events
        # let Flower show each job.
        exec celery -A rasharp_service.worker.celery_app worker \
            --queues "${RASHARP_WORKER_QUEUES:-gpu,cpu}" \
            --pool threads --concurrency "${RASHARP_WORKER_CONCURRENCY:-2}" \
            --hostname "${node}" --without-gossip --without-mingle --task-events "$@"
        ;;
    trainer)
        preflight trainer
        node="${RASHARP_WORKER_NAME:-trainer}@$(hostname)"
        remember_role trainer "${node}"
        # One process, one run at a time: a run uses every core (or the GPU) it is given.
        exec celery -A rasharp_service.trainer.celery_app worker \
            --queues train --pool solo --concurrency 1 \
            --hostname "${node}" --without-gossip --without-mingle --task-events "$@"
        ;;
    migrate)
        preflight migrate
        cd "${APP_DIR}/backend"
        alembic upgrade head
        exec python -c "from rasharp_service.serve import create_first_admin as c; exit(0 if c() else 2)"
        ;;
    check)
        exec python "${DEPLOY_DIR}/preflight.py" --role worker --model-checksums "${CHECKSUMS}"
        ;;
    *)
        exec "${role}" "$@"
        ;;
esac
