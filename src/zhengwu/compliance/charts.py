"""Bar charts drawn on the server as inline SVG: a compliance page needs no chart library."""

from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = ("#2e7d32", "#b26a00", "#b3261e", "#5b6b7b")


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[int]]], *, width: int = 640,
              colours: tuple[str, ...] = COLOURS) -> Markup:
    """Grouped bars: one group per label, one bar per series, values written on the bars."""
    groups, per = max(len(labels), 1), max(len(series), 1)
    top = max([v for _, values in series for v in values] + [1])
    height, left, bottom, head = 220, 36, 46, 28
    plot_w, plot_h = width - left - 10, height - bottom - head
    group_w = plot_w / groups
    bar_w = max(min(group_w * 0.8 / per, 36), 4)
    parts = [f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
             f'class="chart" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{head + plot_h}" x2="{width - 10}" y2="{head + plot_h}" stroke="#999"/>']
    x_legend = left
    for (name, _), colour in zip(series, colours, strict=False):
        parts.append(f'<rect x="{x_legend}" y="6" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x_legend + 14}" y="15" font-size="12">{escape(name)}</text>')
        x_legend += 20 + 13 * len(name)
    for g, label in enumerate(labels):
        x0 = left + g * group_w + (group_w - bar_w * per) / 2
        for s, ((name, values), colour) in enumerate(zip(series, colours, strict=False)):
            value = values[g]
            h = plot_h * value / top
            x, y = x0 + s * bar_w, head + plot_h - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>{escape(label)} {escape(name)}：{value}</title></rect>')
            if value:
                parts.append(f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="11" '
                             f'text-anchor="middle">{value}</text>')
        short = label if len(label) <= 8 else label[:7] + "…"
        parts.append(f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{head + plot_h + 16}" font-size="12" '
                     f'text-anchor="middle">{escape(short)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
