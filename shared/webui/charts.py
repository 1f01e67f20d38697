"""Charts as SVG made on the server, each with a text alternative (title, description and a data table)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from shared.i18n import current_language

BAR_HEIGHT, GAP, LABEL_WIDTH, WIDTH = 22, 8, 180, 640
PALETTE = ("#0b5cad", "#b3261e", "#1b6e3a", "#8a4b00", "#5b3a8c", "#00636e")


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    if current_language.get() == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _table(title: str, rows: Sequence[tuple[str, float]], label: str, value_label: str) -> Markup:
    body = Markup("").join(
        Markup("<tr><th scope='row'>{}</th><td>{}</td></tr>").format(name, _number(value))
        for name, value in rows
    )
    return Markup(
        "<details class='chart-data'><summary>{}</summary><table><caption>{}</caption>"
        "<thead><tr><th scope='col'>{}</th><th scope='col'>{}</th></tr></thead>"
        "<tbody>{}</tbody></table></details>"
    ).format(
        "Lihat data" if current_language.get() == "id" else "Show data",
        title,
        label,
        value_label,
        body,
    )


def _figure(
    rows: Sequence[tuple[str, float]],
    body: Markup,
    *,
    height: int,
    title: str,
    chart_id: str,
    label: str,
    value_label: str,
    fit_left: bool,
) -> Markup:
    """The chart's SVG, titled and described by its data (`fit_left`: kept at the top left when
    scaled), in a figure with the same data as a table."""
    summary = "; ".join(f"{name}: {_number(value)}" for name, value in rows) or "-"
    svg = Markup(
        "<svg class='chart' viewBox='0 0 {w} {h}' role='img' aria-labelledby='{id}-t {id}-d'{fit}>"
        "<title id='{id}-t'>{title}</title><desc id='{id}-d'>{desc}</desc>{body}</svg>"
    ).format(
        w=WIDTH,
        h=height,
        id=chart_id,
        fit=Markup(" preserveAspectRatio='xMinYMin meet'") if fit_left else "",
        title=title,
        desc=summary,
        body=body,
    )
    return Markup("<figure class='chart-figure'><figcaption>{}</figcaption>{}{}</figure>").format(
        title, svg, _table(title, rows, label, value_label)
    )


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str,
    label: str = "",
    value_label: str = "",
    max_value: float | None = None,
) -> Markup:
    """Horizontal bars, one per row, with the value written beside each bar; scales to the container."""
    top = max([max_value or 0.0, *(value for _, value in rows)]) or 1.0
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 70
    parts = []
    for index, (name, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = max(value / top * span, 0.0)
        short = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            Markup(
                "<text x='{lx}' y='{ty}' text-anchor='end' class='chart-label'>{short}</text>"
                "<rect x='{x}' y='{y}' width='{w:.1f}' height='{h}' fill='{fill}'>"
                "<title>{name}: {val}</title></rect>"
                "<text x='{vx:.1f}' y='{ty}' class='chart-value'>{val}</text>"
            ).format(
                lx=LABEL_WIDTH - 6,
                ty=y + BAR_HEIGHT - 6,
                short=short,
                x=LABEL_WIDTH,
                y=y,
                w=width,
                h=BAR_HEIGHT,
                fill=PALETTE[0],
                name=name,
                val=_number(value),
                vx=LABEL_WIDTH + width + 6,
            )
        )
    return _figure(
        rows,
        Markup("").join(parts),
        height=height,
        title=title,
        chart_id=chart_id,
        label=label,
        value_label=value_label,
        fit_left=True,
    )


def line_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str,
    label: str = "",
    value_label: str = "",
) -> Markup:
    """A line over time (e.g. submissions per week), points marked and labelled at both ends."""
    height, left, bottom, top_pad = 220, 40, 30, 16
    top = max([value for _, value in points] or [1.0]) or 1.0
    step = (WIDTH - left - 20) / max(len(points) - 1, 1)
    coords = [
        (left + index * step, top_pad + (1 - value / top) * (height - bottom - top_pad))
        for index, (_, value) in enumerate(points)
    ]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    marks = Markup("").join(
        Markup("<circle cx='{:.1f}' cy='{:.1f}' r='3' fill='{}'><title>{}: {}</title></circle>").format(
            x, y, PALETTE[0], name, _number(value)
        )
        for (x, y), (name, value) in zip(coords, points, strict=True)
    )
    labels = Markup("")
    if points:
        labels = Markup(
            "<text x='{}' y='{}' class='chart-label'>{}</text>"
            "<text x='{:.1f}' y='{}' text-anchor='end' class='chart-label'>{}</text>"
        ).format(left, height - 8, points[0][0], coords[-1][0], height - 8, points[-1][0])
    body = Markup(
        "<line x1='{l}' y1='{b}' x2='{r}' y2='{b}' stroke='#555'/>"
        "<text x='4' y='{tp}' class='chart-label'>{top}</text>"
        "<path d='{path}' fill='none' stroke='{c}' stroke-width='2'/>{marks}{labels}"
    ).format(
        l=left,
        r=WIDTH - 20,
        b=height - bottom,
        tp=top_pad + 4,
        top=_number(top),
        path=path,
        c=PALETTE[0],
        marks=marks,
        labels=labels,
    )
    return _figure(
        points,
        body,
        height=height,
        title=title,
        chart_id=chart_id,
        label=label,
        value_label=value_label,
        fit_left=False,
    )
