"""Horizontal bar charts drawn on the server as inline SVG: no script, no outside host.

The geometry is computed here; ``reports/includes/bar_chart.html`` only writes it out. Bars
grow from the reading side (left in French, right in Arabic). Every chart is shown with a table
of the same numbers, which is what screen readers read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 720
LABEL_WIDTH = 230
VALUE_ROOM = 110
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 12
TOP = 8
MAX_LABEL = 32
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_ROOM
PIXEL = Decimal("0.1")

Number = int | Decimal


@dataclass(frozen=True)
class ChartBar:
    series: int
    x: Decimal
    y: int
    width: Decimal
    value_x: Decimal
    value_anchor: str
    value_text: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_x: int
    label_y: int
    label_anchor: str
    bars: list[ChartBar]


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    series: list[str]
    rows: list[ChartRow]
    width: int
    height: int


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(
    *,
    slug: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    text: Callable[[Number], str],
    rtl: bool = False,
) -> BarChart:
    """One row per label, one bar per series in each row, scaled to the largest value."""
    largest = max((Decimal(v) for _name, values in series for v in values), default=Decimal(0))
    row_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    rows: list[ChartRow] = []
    for index, label in enumerate(labels):
        top = TOP + index * row_height
        bars: list[ChartBar] = []
        for number, (_name, values) in enumerate(series):
            value = Decimal(values[index])
            length = (value * BAR_AREA / largest).quantize(PIXEL) if largest else Decimal(0)
            y = top + number * (BAR_HEIGHT + BAR_GAP)
            if rtl:
                x = WIDTH - LABEL_WIDTH - length
                value_x, value_anchor = x - 6, "end"
            else:
                x = Decimal(LABEL_WIDTH)
                value_x, value_anchor = x + length + 6, "start"
            bars.append(ChartBar(number, x, y, length, value_x, value_anchor, text(values[index])))
        middle = top + (len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP) // 2 + 5
        label_x, label_anchor = (
            (WIDTH - LABEL_WIDTH + 8, "start") if rtl else (LABEL_WIDTH - 8, "end")
        )
        rows.append(ChartRow(_short(label), label_x, middle, label_anchor, bars))
    height = TOP * 2 + max(len(labels), 1) * row_height
    return BarChart(slug, title, [name for name, _values in series], rows, WIDTH, height)
