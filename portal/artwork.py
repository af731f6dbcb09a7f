"""The demo site's logo and header banner, drawn with Pillow for this project.

The logo: a red disc in a gold ring holding a gold five-pointed star over an open
book, for a Party committee of a science department. The banner: a deep red band
with the concentric rings and sun rays of a bronze-drum face on the right, faint
rings across, and a gold rule at the foot; the site's name is written over it by
the page itself (text in the HTML stays sharp, searchable and translatable).
"""

import io
import math

from PIL import Image, ImageDraw, ImageFilter

GOLD = (246, 205, 96)
GOLD_DARK = (201, 152, 46)
RED = (176, 18, 26)
RED_DARK = (104, 8, 14)


def _star(centre, outer, inner, rotation=-90):
    cx, cy = centre
    points = []
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = math.radians(rotation + k * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def logo_png(size=256):
    """The logo as PNG bytes (transparent around the disc)."""
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    pad = big * 0.03
    draw.ellipse((pad, pad, big - pad, big - pad), fill=GOLD)
    ring = big * 0.085
    draw.ellipse((ring, ring, big - ring, big - ring), fill=RED)
    inner = big * 0.14
    draw.ellipse(
        (inner, inner, big - inner, big - inner), outline=GOLD, width=int(big * 0.012)
    )
    centre = big / 2
    draw.polygon(_star((centre, big * 0.40), big * 0.2, big * 0.08), fill=GOLD)
    # An open book under the star.
    top, bottom = big * 0.6, big * 0.75
    left, right = big * 0.27, big * 0.73
    draw.polygon(
        [
            (centre, top + big * 0.03),
            (left, top),
            (left, bottom),
            (centre, bottom + big * 0.03),
        ],
        fill=GOLD,
    )
    draw.polygon(
        [
            (centre, top + big * 0.03),
            (right, top),
            (right, bottom),
            (centre, bottom + big * 0.03),
        ],
        fill=GOLD_DARK,
    )
    for line in range(3):
        y = top + big * (0.035 + line * 0.035)
        draw.line(
            [(left + big * 0.04, y), (centre - big * 0.03, y + big * 0.02)],
            fill=RED,
            width=int(big * 0.008),
        )
        draw.line(
            [(centre + big * 0.03, y + big * 0.02), (right - big * 0.04, y)],
            fill=RED,
            width=int(big * 0.008),
        )
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def banner_jpeg(width=1920, height=240):
    """The header banner as JPEG bytes."""
    image = Image.new("RGB", (width, height), RED_DARK)
    draw = ImageDraw.Draw(image)
    for x in range(width):
        t = x / (width - 1)
        colour = tuple(
            round(a + (b - a) * min(1, t * 1.4))
            for a, b in zip(RED_DARK, RED, strict=True)
        )
        draw.line([(x, 0), (x, height)], fill=colour)
    # Faint rings across the band.
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    faint = ImageDraw.Draw(layer)
    for k in range(9):
        cx = 120 + k * 210
        for r in range(30, 160, 26):
            faint.ellipse(
                (cx - r, height / 2 - r, cx + r, height / 2 + r),
                outline=(255, 214, 120, 22),
                width=2,
            )
    # The drum face on the right: rings, rays and a star in the middle.
    cx, cy = width - 230, height / 2
    for r, alpha in ((210, 70), (180, 90), (150, 110), (118, 130), (86, 150)):
        faint.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(*GOLD, alpha), width=4)
    for k in range(14):
        angle = math.radians(k * 360 / 14)
        faint.line(
            [
                (cx + 20 * math.cos(angle), cy + 20 * math.sin(angle)),
                (cx + 70 * math.cos(angle), cy + 70 * math.sin(angle)),
            ],
            fill=(*GOLD, 170),
            width=5,
        )
    faint.polygon(_star((cx, cy), 32, 13), fill=(*GOLD, 220))
    layer = layer.filter(ImageFilter.GaussianBlur(0.6))
    image.paste(layer, (0, 0), layer)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 6, width, height), fill=GOLD_DARK)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
