"""Charts drawn on the server: coverage bars, sparklines and the world tile map.

Everything here is geometry computed in Python and handed to templates that
write the SVG, so the pages need no JavaScript and no third-party service.
Each chart also carries the rows of a data table, which the templates print
beside the drawing for readers who cannot see it.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import countryinfo

from articles.months import following_month

# Longer than this many months and a chart shows years: monthly bars would be
# thinner than a pixel at phone width.
MAX_MONTH_BARS = 72


@dataclass
class Period:
    start: date
    by_year: bool

    @property
    def label(self):
        return str(self.start.year) if self.by_year else f"{self.start:%B %Y}"

    @property
    def key(self):
        return (self.start.year,) if self.by_year else (self.start.year, self.start.month)


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    series: int
    name: str  # the series' name, for the bar's accessible label
    url: str | None


@dataclass
class Row:
    label: str
    counts: list  # one (count, url) pair per series


@dataclass
class BarChart:
    title: str
    desc: str
    series: list  # names, in the order of the bars' `series` index
    by_year: bool
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # (y, value) for the horizontal rules
    x_labels: list = field(default_factory=list)  # (x, text)
    rows: list = field(default_factory=list)
    width: int = 720
    height: int = 220
    plot_left: int = 40
    plot_bottom: int = 196

    @property
    def plot_top(self):
        return 12

    @property
    def unit(self):
        return "year" if self.by_year else "month"


def nice_step(top, wanted=4):
    """A 1, 2 or 5 × 10^k step giving about `wanted` rules up to `top`."""
    if top <= wanted:
        return 1
    raw = top / wanted
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def month_range(first, last):
    """Every (year, month) from first to last inclusive."""
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = following_month(year, month)


def coverage_chart(series, *, title, link=None, subject="articles", span=None, by_year=None):
    """Bars of items per month (or per year for long spans) for one or two series.

    `series` is a list of (name, {(year, month): count}); `link(index, period)`
    gives a bar's URL, or None for a bar that links nowhere. Empty months are
    kept as gaps so that time runs evenly along the axis. `span` fixes the
    first and last (year, month) shown; `by_year` forces years or months.
    """
    keys = [key for _, counts in series for key, n in counts.items() if n]
    names = [name for name, _ in series]
    if not keys:
        return None
    months = list(month_range(*(span or (min(keys), max(keys)))))
    if by_year is None:
        by_year = len(months) > MAX_MONTH_BARS
    if by_year:
        periods = [Period(date(y, 1, 1), True) for y in range(months[0][0], months[-1][0] + 1)]
        totals = []
        for _, counts in series:
            per_year = {}
            for (y, _m), n in counts.items():
                per_year[(y,)] = per_year.get((y,), 0) + n
            totals.append(per_year)
    else:
        periods = [Period(date(y, m, 1), False) for y, m in months]
        totals = [counts for _, counts in series]

    chart = BarChart(title=title, desc="", series=names, by_year=by_year)
    top = max(max(t.values(), default=0) for t in totals) or 1
    step = nice_step(top)
    ceiling = step * math.ceil(top / step)
    plot_height = chart.plot_bottom - chart.plot_top
    plot_width = chart.width - chart.plot_left - 8
    slot = plot_width / len(periods)
    # A little air between periods, none between the bars of one period.
    gap = slot * 0.15 if slot > 4 else 0
    bar_width = (slot - gap) / len(series)

    def scale(value):
        return chart.plot_bottom - plot_height * value / ceiling

    chart.ticks = [(round(scale(v), 1), v) for v in range(0, ceiling + 1, step)]
    for i, period in enumerate(periods):
        left = chart.plot_left + i * slot + gap / 2
        counts = []
        for s, per in enumerate(totals):
            n = per.get(period.key, 0)
            url = link(s, period) if (link and n) else None
            counts.append((n, url))
            if n:
                height = max(plot_height * n / ceiling, 1.5)
                chart.bars.append(
                    Bar(
                        x=round(left + s * bar_width, 2),
                        y=round(chart.plot_bottom - height, 2),
                        width=round(max(bar_width, 1), 2),
                        height=round(height, 2),
                        count=n,
                        label=period.label,
                        series=s,
                        name=names[s],
                        url=url,
                    )
                )
        chart.rows.append(Row(period.label, counts))
        # Label where a year starts, skipping labels that would overlap the last one.
        starts_year = by_year or i == 0 or period.start.month == 1
        if starts_year and (not chart.x_labels or left - chart.x_labels[-1][0] > 34):
            chart.x_labels.append((round(left, 1), str(period.start.year)))

    unit = chart.unit
    span = f"{periods[0].label} to {periods[-1].label}"
    busiest = []
    for name, per in zip(names, totals, strict=True):
        peak_key = max(per, key=lambda k: per[k]) if per else None
        total = sum(per.values())
        if peak_key is not None:
            peak = next(p for p in periods if p.key == peak_key)
            busiest.append(
                f"{name}: {total} {subject} in all, most in {peak.label} ({per[peak_key]})."
            )
    chart.desc = (f"Bar chart of {subject} per {unit}, {span}. " + " ".join(busiest)).strip()
    return chart


@dataclass
class Sparkline:
    points: str
    title: str
    width: int = 120
    height: int = 28


def sparkline(values, labels, *, noun="articles"):
    """A polyline over values, one per label; None when there is nothing to draw."""
    if not values or not any(values):
        return None
    width, height, pad = 120, 28, 2
    top = max(values)
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (height - 2 * pad) * v / top:.1f}"
        for i, v in enumerate(values)
    )
    peak = labels[values.index(top)]
    title = f"{sum(values)} {noun} from {labels[0]} to {labels[-1]}; busiest {peak} with {top}."
    return Sparkline(points=points, title=title, width=width, height=height)


# --- World map --------------------------------------------------------------

# One tile per country on a grid of CELL degrees. Countries keep their
# approximate centroid (from countryinfo's lat/long) when the cell is free;
# smaller countries move to the nearest free cell, which keeps crowded
# regions readable at the cost of exact geography.
CELL = 5
COLUMNS = 360 // CELL
ROWS = 150 // CELL  # 85°N to 65°S holds every inhabited centroid
TOP_LAT = 85
TILE = 12  # drawing units per cell


@dataclass
class Tile:
    code: str
    name: str
    x: int
    y: int
    count: int = 0
    level: int = 0
    url: str | None = None


@cache
def tile_positions():
    """{alpha-2 code: (column, row)} for every country countryinfo places."""
    places = []
    for info in countryinfo.all_countries():
        try:
            code, latlng, area = info.iso(2), info.latlng(), info.area() or 0
        except Exception:  # noqa: BLE001 - a country with broken data is left off the map
            continue
        if code and latlng and len(latlng) == 2:
            places.append((area, code, latlng))
    # Big countries first, so they sit where they really are.
    places.sort(key=lambda p: (-p[0], p[1]))
    taken, positions = set(), {}
    for _area, code, (lat, lng) in places:
        col = min(COLUMNS - 1, max(0, int((lng + 180) // CELL)))
        row = min(ROWS - 1, max(0, int((TOP_LAT - lat) // CELL)))
        cell = _nearest_free(col, row, taken)
        if cell is None:
            continue
        taken.add(cell)
        positions[code.upper()] = cell
    return positions


def _nearest_free(col, row, taken):
    for radius in range(0, 8):
        ring = [
            (col + dc, row + dr)
            for dr in range(-radius, radius + 1)
            for dc in range(-radius, radius + 1)
            if max(abs(dc), abs(dr)) == radius
        ]
        # Nearest by true distance within the ring, then west-to-east for stability.
        ring.sort(key=lambda c: ((c[0] - col) ** 2 + (c[1] - row) ** 2, c[1], c[0]))
        for c, r in ring:
            if 0 <= c < COLUMNS and 0 <= r < ROWS and (c, r) not in taken:
                return c, r
    return None


@dataclass
class WorldMap:
    tiles: list
    levels: list  # (level, lowest count) for the legend
    width: int = COLUMNS * TILE
    height: int = ROWS * TILE
    tile: int = TILE - 1


def world_map(countries, counts, url_for):
    """Tiles for `countries` (objects with .code and .name); shade by `counts`."""
    positions = tile_positions()
    covered = sorted(n for n in counts.values() if n)
    # Five shades split at quantiles of the covered counts, so one busy
    # country does not leave all the others in the palest shade.
    bounds = []
    if covered:
        for q in (0, 0.25, 0.5, 0.75, 0.9):
            value = covered[min(len(covered) - 1, int(q * len(covered)))]
            if not bounds or value > bounds[-1]:
                bounds.append(value)
    tiles = []
    for country in countries:
        cell = positions.get(country.code)
        if cell is None:
            continue
        n = counts.get(country.code, 0)
        level = sum(1 for b in bounds if n >= b) if n else 0
        tiles.append(
            Tile(
                code=country.code,
                name=country.name,
                x=cell[0] * TILE,
                y=cell[1] * TILE,
                count=n,
                level=level,
                url=url_for(country) if n else None,
            )
        )
    return WorldMap(tiles=tiles, levels=list(enumerate(bounds, start=1)))
