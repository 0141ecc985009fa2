"""Makes a later film of the same hands: the film shrunk to 85 % and placed off-centre on a larger one.

Usage: python later_film.py FILM.png OUT.png
The hands lie at another size and place, as on a film taken at another visit.
"""
import sys
from pathlib import Path

from PIL import Image


def main(film: Path, out: Path) -> None:
    earlier = Image.open(film).convert("L")
    hands = earlier.resize((round(earlier.width * 0.85), round(earlier.height * 0.85)), Image.LANCZOS)
    later = Image.new("L", (earlier.width + 160, earlier.height), color=0)
    later.paste(hands, (140, earlier.height - hands.height - 40))
    later.save(out)
    print(f"{out}: {later.width}x{later.height} from {film.name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
