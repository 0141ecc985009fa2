"""Makes a two-hand PA radiograph from one hand-atlas image: the left hand and its mirror.

Usage: python two_hand_image.py ATLAS_DIR OUT.png
In the standard display a left hand has its thumb on the image's right; its mirror is a right
hand. The right hand goes on the image's left, as on a usual two-hand film.
"""
import sys
from pathlib import Path

from PIL import Image, ImageOps

HEIGHT = 1400  # keeps the upload small and the analysis quick


def main(atlas: Path, out: Path) -> None:
    images = sorted(p for p in (atlas / "images").iterdir() if p.suffix.lower() in (".jpg", ".png"))
    left = Image.open(images[0]).convert("L")
    left = left.resize((round(left.width * HEIGHT / left.height), HEIGHT), Image.LANCZOS)
    right = ImageOps.mirror(left)
    gap = left.width // 8
    film = Image.new("L", (2 * left.width + gap, HEIGHT), color=0)
    film.paste(right, (0, 0))
    film.paste(left, (left.width + gap, 0))
    film.save(out)
    print(f"{out}: {film.width}x{film.height} from {images[0].name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
