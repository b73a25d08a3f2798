"""The charts are inline SVG drawn on the server, each with a table of the same numbers; bars
grow from the reading side."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from reports.charts import LABEL_WIDTH, WIDTH, bar_chart
from tests.reports.conftest import KnownSet

pytestmark = pytest.mark.django_db


def test_the_page_draws_each_chart_with_its_table(
    supervisor_client: Client, known: KnownSet
) -> None:
    response = supervisor_client.get("/backoffice/reports/?year=2025")

    html = response.content.decode()
    figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
    assert len(figures) == 3
    for figure in figures:
        assert re.search(r'<svg[^>]* role="img" aria-labelledby="chart-\w+-title"', figure)
        assert "<table" in figure and "<script" not in figure
    files = figures[0]
    assert re.search(r"<th scope=\"row\">Aide</th><td class=\"pay-number\">4</td>", files)
    assert ">4</text>" in files
    amounts = figures[1]
    assert "1\xa0250,45" in amounts  # in the bar's label and in the table
    assert not re.search(r'(?:x|width)="\d+,\d', html)  # SVG numbers are never localised


def test_the_largest_value_fills_the_bar_area() -> None:
    chart = bar_chart(
        slug="t",
        title="T",
        labels=["a", "b"],
        series=[("n", [Decimal("10.00"), Decimal("5.00")])],
        text=str,
    )

    first, second = (row.bars[0] for row in chart.rows)
    assert first.x == LABEL_WIDTH and first.width > second.width
    assert second.width * 2 == first.width


def test_bars_grow_from_the_right_in_arabic() -> None:
    chart = bar_chart(slug="t", title="T", labels=["أ"], series=[("n", [3])], text=str, rtl=True)

    bar = chart.rows[0].bars[0]
    assert bar.x + bar.width == WIDTH - LABEL_WIDTH
    assert bar.value_anchor == "end" and chart.rows[0].label_x > bar.x + bar.width


def test_the_page_reads_in_arabic(supervisor_client: Client, known: KnownSet) -> None:
    supervisor_client.cookies["fos_language"] = "ar"

    response = supervisor_client.get("/backoffice/reports/?year=2025")

    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()
