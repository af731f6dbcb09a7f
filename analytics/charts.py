"""Server-side SVG bar/line charts for the admin report (no script, no CDN)."""

from portal.text import vn_number

WIDTH = 720
HEIGHT = 240
LEFT = 56
RIGHT = 12
TOP = 12
BOTTOM = 36


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

    Returns a dict the template turns into <svg>; coordinates are plain numbers.
    """
    count = max(len(series), 1)
    top_value = _nice_max(max((max(v, s) for _d, v, s in series), default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / count
    bar_w = max(slot * 0.7, 1)

    def y(value):
        return round(TOP + plot_h - plot_h * value / top_value, 1)

    bars, points, labels = [], [], []
    label_every = max(1, count // 10)
    for index, (day, views, visits) in enumerate(series):
        x = LEFT + slot * index
        bars.append(
            {
                "x": round(x + (slot - bar_w) / 2, 1),
                "y": y(views),
                "w": round(bar_w, 1),
                "h": round(TOP + plot_h - y(views), 1),
                "title": f"{day.strftime(label_format)}: {vn_number(views)} lượt xem, "
                f"{vn_number(visits)} lượt truy cập",
            }
        )
        points.append(f"{round(x + slot / 2, 1)},{y(visits)}")
        if index % label_every == 0:
            labels.append(
                {"x": round(x + slot / 2, 1), "text": day.strftime(label_format)}
            )
    grid = [
        {"y": y(top_value * i / 4), "text": vn_number(round(top_value * i / 4))}
        for i in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": TOP + plot_h,
        "label_y": TOP + plot_h + 18,
        "bars": bars,
        "points": " ".join(points),
        "labels": labels,
        "grid": grid,
        "total_views": sum(v for _d, v, _s in series),
        "total_visits": sum(s for _d, _v, s in series),
        "rows": series,
    }
