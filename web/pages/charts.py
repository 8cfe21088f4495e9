"""Charts drawn on the server as inline SVG: this computes the geometry, the template draws
it (no script, no chart library, styled by CSS classes so themes apply)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 200
LEFT, BOTTOM, TOP = 48, 24, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # which series: its CSS class chart-series-<n>
    label: str  # the tooltip (<title>): date and value


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    names: tuple[str, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    first: str
    last: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not any(bar.height for bar in self.bars)


def bar_chart(
    title: str,
    dates: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    unit: str = "",
) -> Chart:
    """Grouped bars, one group per date, one bar per series, scaled to the largest value."""
    top = max((value for _, values in series for value in values), default=0) or 1
    plot_width, plot_height = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    group = plot_width / max(1, len(dates))
    bar_width = max(1.0, group * 0.8 / max(1, len(series)))
    bars = []
    for index, date in enumerate(dates):
        for number, (name, values) in enumerate(series):
            value = values[index] if index < len(values) else 0
            height = plot_height * value / top
            x = LEFT + index * group + group * 0.1 + number * bar_width
            label = f"{date} {name}: {_number(value, unit)}"
            bars.append(Bar(x, HEIGHT - BOTTOM - height, bar_width, height, number, label))
    ticks = tuple(
        Tick(HEIGHT - BOTTOM - plot_height * share, _number(top * share, unit))
        for share in (0, 0.5, 1)
    )
    return Chart(
        title,
        tuple(name for name, _ in series),
        tuple(bars),
        ticks,
        dates[0] if dates else "",
        dates[-1] if dates else "",
    )


def _number(value: float, unit: str) -> str:
    if unit == "$":
        return f"${value:,.2f}"
    if unit == "s":
        return f"{value:,.0f}s"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
