"""Tests of relokant.report on FAKE summaries: made-up numbers shaped like the engine's output, not model results.

Two runs: 'baseline' with one draw (p05 == p50 == p95) and 'case-proposal' with a ±10 % range around 1.5 × the
baseline. Place sizes are chosen so the main destinations and the formatted values are known by hand.
"""

from __future__ import annotations

import os
import re

import pandas as pd
import plotly.offline
import pytest
from rich.console import Console

from relokant.errors import InputError
from relokant.geo import DESTINATIONS, EU27
from relokant.report import RunResult, human_number, human_quantity, render_summary, summary_table, write_html
from relokant.report.html_report import render_html

MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(1, 13)]
YEARS = ("2022", "2023", "2024")
# Fake persons abroad at the horizon. XX is the largest on purpose: the rest-of-world bucket must not be a "main
# destination". US is 9th, so it must not make the top 8.
FAKE_STOCK = {"GE": 200_000, "AM": 150_000, "KZ": 120_000, "RS": 100_000, "TR": 90_000, "AE": 80_000,
              "DE": 70_000, "IL": 60_000, "US": 50_000, "XX": 500_000}
OTHER_PLACE_STOCK = 10_000
TOP8 = ["Georgia", "Armenia", "Kazakhstan", "Serbia", "Turkey", "United Arab Emirates", "Germany", "Israel"]


def fake_summary(scale: float, spread: float) -> pd.DataFrame:
    """Fake summary: every value grows linearly to its horizon size; p05/p95 = p50 × (1 ∓ spread)."""
    rows = []

    def add(metric, geo, period, unit, value):
        v = value * scale
        rows.append((metric, geo, period, unit, v * (1 - spread), v, v * (1 + spread)))

    for t, month in enumerate(MONTHS):
        ramp = (t + 1) / len(MONTHS)
        stock = {p: FAKE_STOCK.get(p, OTHER_PLACE_STOCK) * ramp for p in DESTINATIONS}
        for place, value in stock.items():
            add("stock_abroad", place, month, "persons", value)
        add("stock_abroad", "EU27", month, "persons", sum(stock[p] for p in EU27))
        add("stock_abroad", "WORLD", month, "persons", sum(stock.values()))
        add("departures_cum", "WORLD", month, "persons", 2_000_000 * ramp)
        add("returned_cum", "WORLD", month, "persons", 200_000 * ramp**2)
        add("capital_abroad_eur", "WORLD", month, "EUR", 412e9 * ramp)
        add("capital_abroad_eur", "EU27", month, "EUR", 45.6e9 * ramp)
    for k, year in enumerate(YEARS, start=1):
        permits = {c: (20_000 if c == "DE" else 1_000) * k for c in EU27}
        for country, value in permits.items():
            add("first_permits", country, year, "permits", value)
        add("first_permits", "EU27", year, "permits", sum(permits.values()))
    return pd.DataFrame(rows, columns=["metric", "geo", "period", "unit", "p05", "p50", "p95"])


@pytest.fixture(scope="module")
def runs() -> list[RunResult]:
    return [RunResult("baseline", "run-base-0001", fake_summary(1.0, 0.0)),
            RunResult("case-proposal", "run-prop-0002", fake_summary(1.5, 0.1))]


PERIODS = ("2023-06", "2024-12")


def test_human_numbers():
    assert human_number(850) == "850"
    assert human_number(45_600) == "45.6 k"
    assert human_number(999_600) == "1.00 M"  # rounding must move to the next suffix
    assert human_number(412e9) == "412 bn"
    assert human_quantity(1.10e6, 1.23e6, 1.40e6) == "1.23 M (1.10–1.40)"
    assert human_quantity(5.0, 5.0, 5.0) == "5"


def test_summary_table_shape(runs):
    table = summary_table(runs, PERIODS)
    assert list(table.columns) == [("2023-06", "baseline"), ("2023-06", "case-proposal"),
                                   ("2024-12", "baseline"), ("2024-12", "case-proposal")]
    assert list(table.index) == [f"Abroad: {n}" for n in TOP8] + [
        "Abroad: EU27", "Abroad: world", "Returned share of departures (ratio of medians)",
        "EU27 first permits in the period's year", "Capital abroad, world (EUR)", "Capital abroad, EU27 (EUR)"]


def test_summary_table_values(runs):
    table = summary_table(runs, PERIODS)
    horizon_base, horizon_prop = table[("2024-12", "baseline")], table[("2024-12", "case-proposal")]
    # World: 9 named places 1 420 000 + 35 other places × 10 000 = 1 770 000.
    assert horizon_base["Abroad: world"] == "1.77 M"
    assert horizon_prop["Abroad: world"] == "2.65 M (2.39–2.92)"  # 1.5 × 1.77 M = 2.655 M, ±10 %
    assert horizon_base["Abroad: EU27"] == "330 k"  # DE 70 000 + 26 × 10 000
    assert table.loc["Abroad: Germany", ("2023-06", "baseline")] == "35.0 k"  # half-way up the ramp
    assert horizon_base["Returned share of departures (ratio of medians)"] == "10.0%"
    assert table.loc["Returned share of departures (ratio of medians)", ("2023-06", "baseline")] == "5.0%"
    assert table.loc["EU27 first permits in the period's year", ("2023-06", "baseline")] == "92.0 k"
    assert horizon_base["EU27 first permits in the period's year"] == "138 k"
    assert horizon_base["Capital abroad, world (EUR)"] == "412 bn"
    assert horizon_base["Capital abroad, EU27 (EUR)"] == "45.6 bn"
    assert horizon_prop["Capital abroad, world (EUR)"] == "618 bn (556–680)"


def test_summary_table_rejects_bad_periods(runs):
    with pytest.raises(InputError, match="YYYY-MM"):
        summary_table(runs, ("2024",))
    with pytest.raises(InputError, match="in none of the runs"):
        summary_table(runs, ("2031-12",))


def test_repeated_scenario_names_stay_apart(runs):
    twins = [runs[0], RunResult("baseline", "run-base-0009", runs[0].summary)]
    columns = summary_table(twins, ("2024-12",)).columns.get_level_values("scenario")
    assert list(columns) == ["baseline [run-base-0001]", "baseline [run-base-0009]"]


def test_render_summary_for_terminal(runs):
    console = Console(record=True, width=240)
    console.print(render_summary(summary_table(runs, PERIODS)))
    text = console.export_text()
    assert "Germany" in text and "1.77 M" in text and "case-proposal" in text


@pytest.fixture(scope="module")
def report_html(runs, tmp_path_factory) -> tuple[str, os.PathLike]:
    path = tmp_path_factory.mktemp("out") / "nested" / "dir" / "report.html"
    written = write_html(runs, path, title="Fake check <&> report", periods=PERIODS,
                         meta={"run_ids": [r.run_id for r in runs], "seeds": [1, 2], "sample_size": 100_000,
                               "code_version": "0.1.0-test", "data_version": "fake-data", "date": "2026-01-01"})
    assert written == path
    return path.read_text(encoding="utf-8"), path


def test_html_written_atomically_in_new_dirs(report_html):
    _, path = report_html
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]  # no temp file left beside it


def test_html_is_offline(report_html):
    html, _ = report_html
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", html, re.IGNORECASE)
    assert not re.search(r"\bsrc\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE)
    bundle = plotly.offline.get_plotlyjs()
    assert html.count(bundle[:2000]) == 1
    assert bundle[-2000:] in html


def test_html_contents(report_html):
    html, _ = report_html
    ids = re.findall(r'<div id="([^"]+)" class="plotly-graph-div"', html)
    assert ids == ["stock-by-destination-baseline", "stock-by-destination-case-proposal", "stock-eu-world",
                   "departures-returns", "first-permits", "capital-abroad"]
    assert html.count("Plotly.newPlot(") == len(ids)
    assert "case-proposal" in html and "baseline" in html
    assert "run-base-0001" in html and "run-prop-0002" in html
    assert "Fake check &lt;&amp;&gt; report" in html and "Fake check <&> report" not in html
    assert "100,000" in html and "fake-data" in html
    assert "synthetic" in html.lower() and "How to read this" in html
    assert "2.65 M (2.39–2.92)" in html  # the summary table is in the page


def test_failed_write_leaves_no_file(runs, tmp_path, monkeypatch):
    path = tmp_path / "report.html"

    def broken_replace(src, dst):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="simulated"):
        write_html(runs, path, title="t", meta={}, periods=("2024-12",))
    assert list(tmp_path.iterdir()) == []


def test_who_leaves_section_shows_model_surveys_and_russia(runs):
    profile = pd.DataFrame([
        {"statistic": "share_higher_edu", "description": "share of 2022 leavers with higher education",
         "simulated": 0.75, "low": 0.61, "high": 0.85, "inside": True, "russia": 0.275, "refs": "ev:RR_01 ev:OKR_10",
         "why": "surveys disagree"},
        {"statistic": "share_million_cities", "description": "share from cities of a million or more",
         "simulated": 0.5, "low": 0.7, "high": float("inf"), "inside": False, "russia": 0.24, "refs": "ev:ZOIS_05",
         "why": "lower bound"},
    ])
    html = render_html(runs, title="t", meta={}, periods=PERIODS, profile=profile)
    section = html[html.index('id="who-leaves"'):]
    assert "75%" in section and "61%–85%" in section and "28%" in section and "ev:RR_01 ev:OKR_10" in section
    assert "≥ 70%" in section and "<td>no</td>" in section
    assert 'id="who-leaves"' not in render_html(runs, title="t", meta={}, periods=PERIODS)


def test_calibration_section_shows_the_posterior_beside_the_prior():
    from relokant.calibrate.abcsmc import StoredPosterior
    from relokant.report.calibration import render_calibration_section

    draws = pd.DataFrame({"particle": [0, 1, 2], "weight": [0.2, 0.5, 0.3],
                          "return_hazard": [0.002, 0.003, 0.004]})
    manifest = {"method": "ABC-SMC (test)", "simulations": 1234, "sample_size": 5000, "budget": 2000,
                "generations": 3, "population_size": 20, "final_epsilon": 1.5, "seconds": 90.0, "where": "here",
                "seed": 7, "reading": "surveys", "code_version": "x", "data_version": "y",
                "priors": [{"name": "return_hazard", "low": 0.001, "high": 0.03, "source": "as:prior_return_hazard"}]}
    table = pd.DataFrame([{"target": "departures_2022", "observed": 650000.0, "low": 500000.0, "high": 800000.0,
                           "p05": 600000.0, "p50": 640000.0, "p95": 700000.0, "inside": True}])
    html = str(render_calibration_section(StoredPosterior("c123", draws, manifest, None, table)))
    assert "c123" in html and "return_hazard" in html and "as:prior_return_hazard" in html
    assert "0.001–0.03" in html and "0.00313 (0.002–0.004)" in html  # prior range, weighted median
    assert "departures_2022" in html and "1,234" in html
    assert "point values" in str(render_calibration_section(None))
