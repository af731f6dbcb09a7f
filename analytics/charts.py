"""Server-side SVG bar/line charts for the admin report (no script, no CDN).

Every number written into the SVG is a machine number: coordinates are strings
made here with a "." decimal point (``svg_number``), never Django's localized
output, which in Vietnamese writes ``204,0`` and broke every bar (the page-view
series vanished). Only the texts people read (axis labels, tooltips) use
Vietnamese number formatting.

Labels stay readable: at most ``MAX_X_LABELS`` dates under the axis, a 13 px font
in a 720-unit drawing that the page never shrinks below ``MIN_WIDTH_PX`` (on a
phone the chart scrolls sideways inside its frame, not the page).
"""

from portal.text import vn_number

WIDTH = 720
HEIGHT = 260
LEFT = 64
RIGHT = 12
TOP = 14
BOTTOM = 40
FONT_SIZE = 13
MAX_X_LABELS = 7
MIN_WIDTH_PX = 560


def svg_number(value):
    """12.5 -> "12.5", 204.0 -> "204": whatever the active language."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def chart(series, *, label_format):
    """Geometry for a chart of [(date, views, visits)]: views as bars, visits as a line.

    Returns a dict the template turns into <svg>; coordinates are strings.
    """
    count = max(len(series), 1)
    top_value = _nice_max(max((max(v, s) for _d, v, s in series), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / count
    bar_w = max(slot * 0.7, 1)

    def y(value):
        return TOP + plot_h - plot_h * value / top_value

    bars, points, labels = [], [], []
    label_every = -(-count // MAX_X_LABELS)  # ceiling: never more than the max
    for index, (day, views, visits) in enumerate(series):
        x = LEFT + slot * index
        bars.append(
            {
                "x": svg_number(x + (slot - bar_w) / 2),
                "y": svg_number(y(views)),
                "w": svg_number(bar_w),
                "h": svg_number(TOP + plot_h - y(views)),
                "title": f"{day.strftime(label_format)}: {vn_number(views)} lượt xem, "
                f"{vn_number(visits)} lượt truy cập",
            }
        )
        points.append(f"{svg_number(x + slot / 2)},{svg_number(y(visits))}")
        if index % label_every == 0:
            labels.append(
                {"x": svg_number(x + slot / 2), "text": day.strftime(label_format)}
            )
    grid = [
        {
            "y": svg_number(y(top_value * i / 4)),
            "text": vn_number(round(top_value * i / 4)),
        }
        for i in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "font_size": FONT_SIZE,
        "min_width": MIN_WIDTH_PX,
        "left": LEFT,
        "label_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "axis_y": TOP + plot_h,
        "label_y": TOP + plot_h + 22,
        "bars": bars,
        "points": " ".join(points),
        "labels": labels,
        "grid": grid,
        "total_views": sum(v for _d, v, _s in series),
        "total_visits": sum(s for _d, _v, s in series),
        "rows": series,
    }
