"""Bar charts of the office report as inline SVG: no script, no external file, and for screen
readers an accessible name and description; the table under each chart has every number."""

from html import escape
from typing import List, Optional, Sequence

BAR, TEXT, GRID = "#1f5fa8", "#1a1a1a", "#c8c8c8"


def _svg(chart_id: str, title: str, description: str, width: int, height: int,
         body: List[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        *body, "</svg>"])


def columns(chart_id: str, title: str, description: str, labels: Sequence[str],
            values: Sequence[Optional[int]], every: int = 1) -> str:
    """Vertical bars (days, hours); None: a hidden small count, drawn as no bar. `every`:
    label each n-th column only, so that labels do not overlap."""
    width, height, left, bottom, top = 720, 220, 40, 36, 12
    step = (width - left - 8) / max(len(labels), 1)
    peak = max([v for v in values if v] or [1])
    scale = (height - bottom - top) / peak
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" '
            f'y2="{height - bottom}" stroke="{GRID}"/>',
            f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" font-size="11" '
            f'fill="{TEXT}">{peak}</text>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * step
        if value:
            bar = value * scale
            thick = min(step * 0.7, 36)  # one day alone is a bar, not a wall
            body.append(f'<rect x="{x + (step - thick) / 2:.1f}" y="{height - bottom - bar:.1f}" '
                        f'width="{thick:.1f}" height="{bar:.1f}" fill="{BAR}"/>')
        if index % every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 14}" '
                        f'text-anchor="middle" font-size="10" fill="{TEXT}">'
                        f'{escape(label)}</text>')
    return _svg(chart_id, title, description, width, height, body)


def rows(chart_id: str, title: str, description: str, labels: Sequence[str],
         values: Sequence[Optional[int]]) -> str:
    """Horizontal bars (languages, channels, topics) with their value at the end."""
    width, line, left = 720, 22, 230
    height = line * len(labels) + 8
    peak = max([v for v in values if v] or [1])
    body = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + index * line
        body.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
                    f'fill="{TEXT}">{escape(label[:36])}</text>')
        length = (value or 0) / peak * (width - left - 60)
        if value:
            body.append(f'<rect x="{left}" y="{y + 3}" width="{length:.1f}" height="{line - 8}" '
                        f'fill="{BAR}"/>')
        body.append(f'<text x="{left + length + 6:.1f}" y="{y + 15}" font-size="12" '
                    f'fill="{TEXT}">{value if value is not None else "hidden"}</text>')
    return _svg(chart_id, title, description, width, height, body)
