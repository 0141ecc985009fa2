"""Print the OpenAPI document as JSON (no database needed): python -m rasharp_service.openapi"""

from __future__ import annotations

import json
import sys

from .main import create_app


def main() -> None:
    json.dump(create_app(ui_dir=None).openapi(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
