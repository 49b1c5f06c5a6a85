"""The timeline across releases: one row per release, its key milestones and go-live, today marked.

A pure function of the releases, their milestones and today's date, drawn as server-side SVG
(no script). Each marker has a `<title>` (a tooltip); the whole chart is one image with a title
and a description for a screen reader, and `rows` feed the table that carries the same facts.
Shapes differ by kind, so the chart reads without colour.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from releases.choices import MilestoneKind, ReleaseStatus, date_label

WIDTH = 1000
LABEL_WIDTH = 210
RIGHT_PAD = 24
TOP = 58
ROW_HEIGHT = 24

# kind -> (legend label, shape, colour). Colours keep 3:1 contrast on white (WCAG 1.4.11).
MARKERS = {
    MilestoneKind.RID_BASELINE: ("RID baseline", "square", "#6f42c1"),
    MilestoneKind.SIT_START: ("SIT starts", "circle", "#a0522d"),
    MilestoneKind.UIT_START: ("UIT starts", "triangle", "#0b6e79"),
    MilestoneKind.GO_NO_GO: ("Go/no-go", "ring", "#b02a37"),
}
GO_LIVE_COLOUR = "#146c43"
TODAY_COLOUR = "#d63384"


@dataclass
class TimelineRow:
    release: object
    by_kind: dict[str, list] = field(default_factory=dict)
    # The table alternative's cells, one per kind then go-live, ready to print.
    cells: list[str] = field(default_factory=list)

    def milestones(self, kind: str) -> list:
        return self.by_kind.get(kind, [])


@dataclass
class Timeline:
    svg: SafeString
    rows: list[TimelineRow]
    start: datetime.date | None
    end: datetime.date | None
    description: str
    kinds: list[tuple[str, str]]


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _shape(shape: str, x: float, y: float, colour: str, size: float = 5.5) -> str:
    """A marker centred on (x, y). For "diamond", `colour` is the fill/stroke attributes."""
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{colour}"/>'
        )
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - size - 1:.1f} {x + size + 1:.1f},{y + size:.1f} '
            f'{x - size - 1:.1f},{y + size:.1f}" fill="{colour}"/>'
        )
    if shape == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size - 1:.1f}" fill="#fff" '
            f'stroke="{colour}" stroke-width="3"/>'
        )
    # diamond: go-live (filled once live, hollow while planned)
    return (
        f'<polygon points="{x:.1f},{y - size - 2:.1f} {x + size + 2:.1f},{y:.1f} '
        f'{x:.1f},{y + size + 2:.1f} {x - size - 2:.1f},{y:.1f}" {colour}/>'
    )


def build_timeline(releases, milestones, today: datetime.date) -> Timeline:
    """The chart and its table rows for `releases` (in display order) and their `milestones`."""
    releases = list(releases)
    by_release: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    dates: list[datetime.date] = []
    for milestone in milestones:
        if milestone.date is None:
            continue
        by_release[milestone.release_id][milestone.kind].append(milestone)
        dates.append(milestone.date)
    rows = []
    for release in releases:
        by_kind = dict(by_release.get(release.pk, {}))
        cells = [
            ", ".join(date_label(m.date, m.precision) for m in by_kind.get(kind, [])) or "—"
            for kind in MARKERS
        ]
        go_live = date_label(release.go_live)
        if release.status == ReleaseStatus.CANCELLED:
            go_live += " (cancelled)"
        elif release.status != ReleaseStatus.LIVE:
            go_live += " (planned)"
        rows.append(TimelineRow(release=release, by_kind=by_kind, cells=[*cells, go_live]))
    dates += [r.go_live for r in releases]
    kinds = [(kind.value, MARKERS[kind][0]) for kind in MARKERS] + [("GO_LIVE", "Go-live")]
    if not releases:
        return Timeline(
            svg=mark_safe(""), rows=[], start=None, end=None, description="", kinds=kinds
        )

    start, end = _month_start(min(dates)), _next_month(max(dates))
    # Stretch to show today when it is near; otherwise say where it is.
    near = datetime.timedelta(days=366)
    if start - near <= today < start:
        start = _month_start(today)
    elif end <= today <= end + near:
        end = _next_month(today)
    span = (end - start).days or 1
    plot_width = WIDTH - LABEL_WIDTH - RIGHT_PAD

    def x(day: datetime.date) -> float:
        return LABEL_WIDTH + (day - start).days / span * plot_width

    height = TOP + ROW_HEIGHT * len(rows) + 12
    parts: list[str] = []

    # Legend.
    legend_x = LABEL_WIDTH
    for label, shape, colour in MARKERS.values():
        parts.append(_shape(shape, legend_x + 6, 12, colour, 5))
        parts.append(f'<text x="{legend_x + 16}" y="16" class="tl-legend">{escape(label)}</text>')
        legend_x += 22 + 7 * len(label)
    parts.append(
        _shape("diamond", legend_x + 6, 12, f'fill="{GO_LIVE_COLOUR}" stroke="{GO_LIVE_COLOUR}"', 4)
    )
    parts.append(f'<text x="{legend_x + 16}" y="16" class="tl-legend">Go-live</text>')
    legend_x += 80
    parts.append(
        _shape(
            "diamond",
            legend_x + 6,
            12,
            f'fill="#fff" stroke="{GO_LIVE_COLOUR}" stroke-width="2"',
            4,
        )
    )
    parts.append(f'<text x="{legend_x + 16}" y="16" class="tl-legend">Planned go-live</text>')

    # Axis: a line and label per year, a tick per month (per quarter over four years).
    axis_y = TOP - 8
    step = 1 if span <= 4 * 366 else 3
    month = start
    while month <= end:
        mx = x(month)
        if month.month == 1 or month == start:
            parts.append(
                f'<line x1="{mx:.1f}" y1="{axis_y - 14}" x2="{mx:.1f}" y2="{height - 8}" '
                f'class="tl-year"/>'
            )
            parts.append(
                f'<text x="{mx + 3:.1f}" y="{axis_y - 4}" class="tl-axis">{month.year}</text>'
            )
        elif (month.month - 1) % step == 0:
            parts.append(
                f'<line x1="{mx:.1f}" y1="{axis_y - 4}" x2="{mx:.1f}" y2="{axis_y + 2}" '
                f'class="tl-tick"/>'
            )
        month = _next_month(month)
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{axis_y + 2}" x2="{WIDTH - RIGHT_PAD}" y2="{axis_y + 2}" '
        f'class="tl-tick"/>'
    )

    # One row per release.
    for index, row in enumerate(rows):
        release = row.release
        y = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        if index % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y - ROW_HEIGHT / 2:.1f}" width="{WIDTH}" height="{ROW_HEIGHT}" '
                f'class="tl-stripe"/>'
            )
        name = release.name.removesuffix(" SEC Release")
        parts.append(f'<text x="6" y="{y + 4:.1f}" class="tl-label">{escape(name)}</text>')
        row_dates = [m.date for kind in row.by_kind for m in row.by_kind[kind]]
        first = min(row_dates + [release.go_live])
        parts.append(
            f'<line x1="{x(first):.1f}" y1="{y:.1f}" x2="{x(release.go_live):.1f}" y2="{y:.1f}" '
            f'class="tl-span"/>'
        )
        for kind, (label, shape, colour) in MARKERS.items():
            for milestone in row.milestones(kind):
                title = f"{name}: {label}, {date_label(milestone.date, milestone.precision)}"
                parts.append(
                    f"<g><title>{escape(title)}</title>"
                    f"{_shape(shape, x(milestone.date), y, colour)}</g>"
                )
        live = release.status == ReleaseStatus.LIVE
        style = (
            f'fill="{GO_LIVE_COLOUR}" stroke="{GO_LIVE_COLOUR}"'
            if live
            else f'fill="#fff" stroke="{GO_LIVE_COLOUR}" stroke-width="2"'
        )
        what = "went live" if live else "planned go-live"
        if release.status == ReleaseStatus.CANCELLED:
            what = "cancelled; was planned for"
        title = f"{name}: {what} {date_label(release.go_live)}"
        parts.append(
            f"<g><title>{escape(title)}</title>{_shape('diamond', x(release.go_live), y, style)}</g>"
        )

    # Today.
    if start <= today <= end:
        tx = x(today)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{axis_y - 14}" x2="{tx:.1f}" y2="{height - 4}" '
            f'stroke="{TODAY_COLOUR}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        anchor = "end" if tx > WIDTH - 120 else "start"
        offset = -4 if anchor == "end" else 4
        parts.append(
            f'<text x="{tx + offset:.1f}" y="{axis_y - 16}" text-anchor="{anchor}" '
            f'class="tl-today">Today, {date_label(today)}</text>'
        )
        where = f"Today, {date_label(today)}, is marked with a dashed line."
    elif today > end:
        where = f"Today, {date_label(today)}, is after the last date shown."
        parts.append(
            f'<text x="{WIDTH - RIGHT_PAD}" y="{axis_y - 16}" text-anchor="end" '
            f'class="tl-today">Today ({date_label(today)}) is later →</text>'
        )
    else:
        where = f"Today, {date_label(today)}, is before the first date shown."
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{axis_y - 16}" class="tl-today">'
            f"← Today ({date_label(today)}) is earlier</text>"
        )

    live_count = sum(1 for r in releases if r.status == ReleaseStatus.LIVE)
    description = (
        f"{len(releases)} releases from {start:%b %Y} to {end:%b %Y}, {live_count} of them live. "
        "Each row shows a release's RID baseline, SIT start, UIT start, go/no-go and go-live. "
        f"{where}"
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" class="timeline-svg" role="img" '
        f'aria-labelledby="timeline-title timeline-desc" focusable="false">'
        f'<title id="timeline-title">Timeline of SEC Releases</title>'
        f'<desc id="timeline-desc">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return Timeline(
        svg=mark_safe(svg),  # every text in it went through escape()
        rows=rows,
        start=start,
        end=end,
        description=description,
        kinds=kinds,
    )
