"""Draw Berdaya's app icons: a white sprout rising from a heart, on teal. Run `python assets/icons/make_icons.py`.

Drawn large and scaled down, so the edges are smooth; saved with a small palette, so each PNG stays a few KB
(the service worker fetches them on a first visit, over a costly connection). The maskable icon keeps the
mark inside the middle 80 % (the safe zone Android's masks never cut) and fills the whole square with teal.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
TEAL = (15, 118, 110)  # #0f766e, the app's theme colour
WHITE = (255, 255, 255)
LEAF = (204, 251, 241)  # teal 100: the leaves, light on the teal
BIG = 1024  # drawing size


def mark(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float]) -> None:
    """The sprout and heart inside `box` (left, top, right, bottom), in drawing pixels."""
    left, top, right, bottom = box
    w, h = right - left, bottom - top

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * w, top + y * h

    # the heart: two circles, and the point joined to them along their tangents
    r = 0.17 * w
    tip = at(0.5, 0.95)
    outline = []
    for cx, side in ((0.35, -1), (0.65, 1)):
        centre = at(cx, 0.62)
        draw.ellipse((centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), fill=WHITE)
        outline.append(_tangent(centre, r, tip, side))
    draw.polygon([outline[0], at(0.5, 0.62), outline[1], tip], fill=WHITE)
    # the stem, rising from the heart's cleft
    x0, y0 = at(0.465, 0.22)
    x1, y1 = at(0.535, 0.56)
    draw.rounded_rectangle((x0, y0, x1, y1), radius=0.03 * w, fill=WHITE)
    # two leaves: ellipses tilted by drawing them on a layer and rotating
    for side, angle in ((-1, 35), (1, -35)):
        leaf = Image.new('L', (int(0.36 * w), int(0.18 * w)), 0)
        ImageDraw.Draw(leaf).ellipse((0, 0, leaf.width - 1, leaf.height - 1), fill=255)
        leaf = leaf.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        cx, cy = at(0.5 + side * 0.16, 0.26)
        draw.bitmap((cx - leaf.width / 2, cy - leaf.height / 2), leaf, fill=LEAF)


def _tangent(centre: tuple[float, float], r: float, point: tuple[float, float], side: int) -> tuple[float, float]:
    """Where a line from `point` touches the circle, on the outer `side` (-1 left, 1 right)."""
    dx, dy = centre[0] - point[0], centre[1] - point[1]
    distance = math.hypot(dx, dy)
    toward = math.atan2(dy, dx)
    spread = math.asin(r / distance)
    angle = toward + side * spread
    length = math.sqrt(distance**2 - r**2)
    return point[0] + length * math.cos(angle), point[1] + length * math.sin(angle)


def icon(size: int, *, maskable: bool, rounded: bool) -> Image.Image:
    image = Image.new('RGBA', (BIG, BIG), (0, 0, 0, 0) if rounded else TEAL)
    draw = ImageDraw.Draw(image)
    if rounded:  # the plain icon: a rounded teal tile, as launchers show it unmasked
        draw.rounded_rectangle((0, 0, BIG - 1, BIG - 1), radius=BIG * 0.22, fill=TEAL)
    inset = 0.22 if maskable else 0.14
    mark(draw, (BIG * inset, BIG * (inset - 0.02), BIG * (1 - inset), BIG * (1 - inset - 0.02)))
    small = image.resize((size, size), Image.Resampling.LANCZOS)
    return small.quantize(colors=32, method=Image.Quantize.FASTOCTREE)


def main() -> None:
    outputs = {
        'icon-192.png': icon(192, maskable=False, rounded=True),
        'icon-512.png': icon(512, maskable=False, rounded=True),
        'maskable-512.png': icon(512, maskable=True, rounded=False),
        'apple-touch-icon.png': icon(180, maskable=False, rounded=False),  # iOS rounds the corners itself
        'favicon-32.png': icon(32, maskable=False, rounded=True),
    }
    for name, image in outputs.items():
        image.save(HERE / name, optimize=True)
        print(name, (HERE / name).stat().st_size, 'bytes')


if __name__ == '__main__':
    main()
