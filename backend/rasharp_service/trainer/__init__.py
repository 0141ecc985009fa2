"""The trainer process: its own Celery app and worker, consuming only the `train` queue, that
fine-tunes model versions with rasharp.finetune (torch). The inference worker and the API never
import this package."""
