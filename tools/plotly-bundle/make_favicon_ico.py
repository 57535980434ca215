"""Writes static/favicon.ico (16, 32 and 48 px) in the design of static/favicon.svg:
five white ascending bars on a rounded Bootstrap-primary (#0d6efd) square.
Drawn with Pillow, supersampled; the 16 px image uses a pixel-aligned grid so
that the bars stay crisp.  Run: .venv/bin/python tools/plotly-bundle/make_favicon_ico.py
"""

import os

from PIL import Image, ImageDraw

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "static", "favicon.ico")
BLUE = (13, 110, 253, 255)
WHITE = (255, 255, 255, 255)
# (x, y, width, height, radius) in the 32x32 grid of favicon.svg
BARS_32 = [
    (4.5, 20, 3, 6, 1),
    (9.5, 16.5, 3, 9.5, 1),
    (14.5, 13, 3, 13, 1),
    (19.5, 9.5, 3, 16.5, 1),
    (24.5, 6, 3, 20, 1),
]
# the same at 16 px, snapped to whole pixels
BARS_16 = [(1, 10, 2, 3, 0), (4, 8, 2, 5, 0), (7, 6, 2, 7, 0), (10, 4, 2, 9, 0), (13, 2, 2, 11, 0)]


def render(size, grid, bars, corner, ss=8):
    big = size * ss
    k = big / grid
    im = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle([0, 0, big - 1, big - 1], radius=corner * k, fill=BLUE)
    for x, y, w, h, r in bars:
        box = [x * k, y * k, (x + w) * k - 1, (y + h) * k - 1]
        if r:
            d.rounded_rectangle(box, radius=r * k, fill=WHITE)
        else:
            d.rectangle(box, fill=WHITE)
    return im.resize((size, size), Image.LANCZOS)


def main():
    images = {
        16: render(16, 16, BARS_16, 3.5),
        32: render(32, 32, BARS_32, 7),
        48: render(48, 32, BARS_32, 7),
    }
    images[48].save(
        os.path.normpath(OUT),
        format="ICO",
        sizes=[(16, 16), (32, 32), (48, 48)],
        append_images=[images[16], images[32]],
    )
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
