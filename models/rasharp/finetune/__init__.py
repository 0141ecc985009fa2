"""Fine-tuning the models in use on a site's reviewed studies (a dataset snapshot), judged side
by side with the models in use on validation patients that are never trained on.

``finetune`` needs PyTorch (the ``train`` extra) and is loaded on first use, so that the command
line and the settings here stay usable without it; never imported by the inference worker or
the API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import FinetuneCancelled, FinetuneConfig, FinetuneError, Progress

if TYPE_CHECKING:
    from .run import finetune

__all__ = ["FinetuneCancelled", "FinetuneConfig", "FinetuneError", "Progress", "finetune"]


def __getattr__(name: str) -> Any:
    if name == "finetune":
        from .run import finetune

        return finetune
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
