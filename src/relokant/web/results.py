"""Results of stored runs as the web shows them: metric rows, CSV, charts, the map, the impacts table, comparisons.

Input: the run store path and run ids. Output: ``finished(db, run_id)`` -> ``RunView`` (the record, the p05/p50/p95
summary, rows by metric; cached, since a finished run never changes), ``answer(view, metric, geo, period)`` -> the
JSON of GET /results (kept per run and filter, bounded), ``charts(view)`` -> plotly figures as JSON
(the report's own figures plus a map), ``impacts(view)`` -> rows of capital, host-country and Russia impacts,
``comparison(db, a, b, ...)`` -> paired differences with intervals (``relokant.api.compare``) and their chart.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from relokant import api
from relokant.errors import InputError
from relokant.geo import DESTINATIONS, NAMES, REST_OF_WORLD
from relokant.report import figures
from relokant.report.formatting import human_quantity
from relokant.report.results import RunResult, main_destinations

# plotly's geo traces name countries by ISO 3166-1 alpha-3 (the topojson's ids); relokant's places by alpha-2.
ISO3 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE", "DK": "DNK", "EE": "EST",
    "FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC", "HU": "HUN", "IE": "IRL", "IT": "ITA", "LV": "LVA",
    "LT": "LTU", "LU": "LUX", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SK": "SVK",
    "SI": "SVN", "ES": "ESP", "SE": "SWE", "GB": "GBR", "CH": "CHE", "NO": "NOR", "RS": "SRB", "ME": "MNE",
    "GE": "GEO", "AM": "ARM", "KZ": "KAZ", "KG": "KGZ", "UZ": "UZB", "TR": "TUR", "AE": "ARE", "TH": "THA",
    "IL": "ISR", "US": "USA", "CA": "CAN", "AR": "ARG", "RU": "RUS",
}
# Impacts shown on the run page: (section, label, metric, geo, period kind).
IMPACTS = (
    ("Capital", "Capital abroad, EU27", "capital_abroad_eur", "EU27", "month"),
    ("Capital", "Capital abroad, world", "capital_abroad_eur", "WORLD", "month"),
    ("Capital", "Capital moved out of Russia (gross, cumulative)", "capital_outflow_ru_eur", "RU", "month"),
    ("Host countries", "People abroad in the EU27", "stock_abroad", "EU27", "month"),
    ("Host countries", "In work abroad, EU27", "employed_abroad", "EU27", "month"),
    ("Host countries", "Fiscal balance for EU27 hosts (per year)", "fiscal_balance_eur", "EU27", "year"),
    ("Host countries", "Firms founded in the EU27 (cumulative)", "firms_founded", "EU27", "month"),
    ("Host countries", "EU27 first residence permits in the year", "first_permits", "EU27", "year"),
    ("Russia", "Labour force lost abroad", "labour_force_loss_ru", "RU", "month"),
    ("Russia", "Output lost (per year)", "output_loss_ru_eur", "RU", "year"),
    ("Russia", "Departures since 2022 (world)", "departures_cum", "WORLD", "month"),
    ("Russia", "Returned to Russia", "returned_cum", "WORLD", "month"),
)
COMPARE_METRICS = ("stock_abroad", "capital_abroad_eur", "first_permits", "employed_abroad", "fiscal_balance_eur",
                   "labour_force_loss_ru", "output_loss_ru_eur", "departures_cum", "returned_cum")
COMPARE_GEOS = ("EU27", "WORLD", "RU")
_CACHE_SIZE = 32                 # runs (and job ids naming them) whose views are kept
_ANSWERS = 128                   # GET /results answers kept per run ...
_ANSWER_BYTES = 4 * 1024 * 1024  # ... and at most this many bytes of them


class NotFinished(Exception):
    """The run exists but has no results (running, failed or interrupted)."""


@dataclass
class RunView:
    record: dict
    summary: pd.DataFrame
    by_metric: dict[str, list[dict]] = field(default_factory=dict)
    charts: dict | None = None
    charts_json: bytes | None = None
    # GET /results answers by (metric, geo, period), least recently asked first, and their total size.
    answers: OrderedDict = field(default_factory=OrderedDict)
    answers_bytes: int = 0

    @property
    def run_id(self) -> str:
        return self.record["run_id"]

    def result(self) -> RunResult:
        return RunResult(self.record["scenario_name"], self.run_id, self.summary)

    def horizon(self) -> str:
        return self.result().horizon()

    def rows(self, metric: str | None = None, geo: str | None = None, period: str | None = None) -> list[dict]:
        pools = [self.by_metric.get(metric, [])] if metric else list(self.by_metric.values())
        return [r for pool in pools for r in pool
                if (geo is None or r["geo"] == geo) and (period is None or r["period"] == period)]


_views: OrderedDict[tuple[str, str], RunView] = OrderedDict()
_views_lock = threading.Lock()


def alias(db: str, ref: str, view: RunView) -> None:
    """Let ``ref`` (a job id: it names its run for good) find the run's cached view as well."""
    with _views_lock:
        _views[(db, ref)] = view
        while len(_views) > _CACHE_SIZE:
            _views.popitem(last=False)


def cached(db: str, run_id: str) -> RunView | None:
    """A done run's view if it is in the cache (no file opened: the hot path of reading results)."""
    with _views_lock:
        view = _views.get((db, run_id))
        if view is not None:
            _views.move_to_end((db, run_id))
        return view


def finished(db: str, run_id: str) -> RunView:
    """A done run's view, from the cache or the store. Unknown id -> InputError; not done -> NotFinished."""
    view = cached(db, run_id)
    if view is not None:
        return view
    store = api.RunStore(db)
    record = store.run(run_id)
    if record["status"] != "done":
        raise NotFinished(f"run {record['run_id']} is {record['status']}"
                          + (f": {record['reason']}" if record.get("reason") else ""))
    summary = store.summary(record["run_id"])
    for column in ("p05", "p50", "p95"):
        summary[column] = summary[column].astype(float)
    view = RunView(record, summary)
    for r in summary.itertuples(index=False):
        view.by_metric.setdefault(r.metric, []).append(
            {"metric": r.metric, "geo": r.geo, "period": str(r.period), "p05": r.p05, "p50": r.p50, "p95": r.p95,
             "unit": r.unit})
    with _views_lock:
        _views[(db, record["run_id"])] = view
        while len(_views) > _CACHE_SIZE:
            _views.popitem(last=False)
    return view


def manifest(record: dict) -> dict:
    keep = ("run_id", "kind", "scenario_name", "scenario_hash", "code_version", "data_version", "seed",
            "sample_size", "draws", "status", "reason")
    out = {k: record.get(k) for k in keep}
    for k in ("started_at", "ended_at"):
        out[k] = None if record.get(k) is None else str(record[k])
    out["synthetic_population"] = True
    return out


def contract(view: RunView, rows: list[dict] | None = None) -> dict:
    """The JSON output contract of ``relokant run --json`` for this run (``rows``: only these metric rows)."""
    r = view.record
    return {"run_id": r["run_id"], "scenario": r["scenario_name"], "seed": r["seed"], "draws": r["draws"],
            "sample_size": r["sample_size"], "code_version": r["code_version"], "data_version": r["data_version"],
            "synthetic_population": True, "metrics": view.rows() if rows is None else rows}


def kept_answer(view: RunView, metric: str | None = None, geo: str | None = None,
                period: str | None = None) -> bytes | None:
    """GET /results' JSON for one filter if ``answer`` has kept it (a dictionary lookup)."""
    key = (metric, geo, period)
    with _views_lock:
        found = view.answers.get(key)
        if found is not None:
            view.answers.move_to_end(key)
        return found


def answer(view: RunView, metric: str | None = None, geo: str | None = None, period: str | None = None) -> bytes:
    """GET /results' JSON for one filter, serialized once per run and filter: clients poll and reload the same
    questions, and a finished run's answer never changes. Bounded: at most ``_ANSWERS`` filters and
    ``_ANSWER_BYTES`` per run (the filters come from users)."""
    key = (metric, geo, period)
    found = kept_answer(view, metric, geo, period)
    if found is not None:
        return found
    data = json.dumps(contract(view, view.rows(metric, geo, period)), allow_nan=False).encode()
    with _views_lock:
        if key not in view.answers and len(data) <= _ANSWER_BYTES // 4:
            view.answers[key] = data
            view.answers_bytes += len(data)
            while len(view.answers) > _ANSWERS or view.answers_bytes > _ANSWER_BYTES:
                _, dropped = view.answers.popitem(last=False)
                view.answers_bytes -= len(dropped)
    return data


def csv_text(view: RunView) -> str:
    frame = view.summary.assign(run_id=view.run_id, scenario=view.record["scenario_name"])
    return frame[["run_id", "scenario", "metric", "geo", "period", "p05", "p50", "p95", "unit"]].to_csv(index=False)


def _fig(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


def stock_map(view: RunView, period: str | None = None) -> go.Figure:
    """People abroad by country at a month (median), on a map of Europe and the transit countries."""
    period = period or view.horizon()
    rows = {r["geo"]: r for r in view.rows("stock_abroad", period=period)}
    places = [p for p in DESTINATIONS if p != REST_OF_WORLD and p in rows and p in ISO3]
    text = [f"{NAMES[p]}: {human_quantity(rows[p]['p05'], rows[p]['p50'], rows[p]['p95'])}" for p in places]
    fig = go.Figure(go.Choropleth(
        locations=[ISO3[p] for p in places], z=[rows[p]["p50"] for p in places], locationmode="ISO-3",
        text=text, hoverinfo="text", colorscale="Blues", marker_line_color="#666", marker_line_width=0.4,
        colorbar={"title": {"text": "persons"}}))
    fig.update_geos(projection_type="natural earth", showcountries=True, countrycolor="#bbb", showland=True,
                    landcolor="#f2f2f2", showocean=True, oceancolor="#e8f1f8", resolution=50,
                    lonaxis_range=[-25, 80], lataxis_range=[22, 71], showframe=False)
    fig.update_layout(template=figures.TEMPLATE, height=520, margin={"l": 0, "r": 0, "t": 40, "b": 0},
                      title=f"People abroad by country, {period} (median over draws)")
    return fig


def charts(view: RunView) -> bytes:
    """Every chart of the run page as one JSON object of plotly figures (cached with the view)."""
    if view.charts_json is None:
        result = view.result()
        label = view.record["scenario_name"]
        destinations = main_destinations(result, 8)
        payload = {
            "stock_by_destination": _fig(figures.stock_by_destination(result, label, destinations)),
            "stock_eu_world": _fig(figures.stock_eu_world([result], [label])),
            "map": _fig(stock_map(view)),
            "departures_returns": _fig(figures.departures_returns([result], [label])),
            "first_permits": _fig(figures.first_permits_by_country([result], [label])),
            "capital_abroad": _fig(figures.capital_abroad([result], [label])),
        }
        view.charts_json = json.dumps(payload, allow_nan=False, default=_none).encode()
    return view.charts_json


def _none(_value):
    return None


def _period(view: RunView, metric: str, kind: str, month: str) -> str | None:
    if kind == "month":
        return month
    # Yearly metrics: the last complete year up to the month (first permits count complete years only).
    years = sorted({r["period"] for r in view.rows(metric)})
    fitting = [y for y in years if y <= month[:4]]
    return fitting[-1] if fitting else (years[-1] if years else None)


def impacts(view: RunView, month: str | None = None) -> list[dict]:
    """Capital, host-country and Russia impacts at a month (yearly figures: that year), with intervals."""
    month = month or view.horizon()
    out = []
    for section, label, metric, geo, kind in IMPACTS:
        period = _period(view, metric, kind, month)
        found = view.rows(metric, geo, period) if period else []
        if not found:
            continue
        r = found[0]
        out.append({"section": section, "label": label, "metric": metric, "geo": geo, "period": period,
                    "p05": r["p05"], "p50": r["p50"], "p95": r["p95"], "unit": r["unit"],
                    "text": human_quantity(r["p05"], r["p50"], r["p95"])})
    return out


def comparison(db: str, run_a: str, run_b: str, metric: str | None = None, geo: str | None = None,
               period: str | None = None, limit: int = 5000) -> dict:
    """Two runs side by side: each median, the difference b - a and (when paired) its p05-p95."""
    records = []
    for run_id in (run_a, run_b):
        try:
            records.append(finished(db, run_id).record)
        except NotFinished as exc:
            raise InputError(f"{exc}; only finished runs can be compared") from None
    frame = api.compare(records[0]["run_id"], records[1]["run_id"], db=db)
    paired = bool(frame.attrs.get("paired"))
    metrics = [metric] if metric else list(COMPARE_METRICS)
    geos = [geo] if geo else list(COMPARE_GEOS)
    frame = frame[frame["metric"].isin(metrics) & frame["geo"].isin(geos)]
    if period:
        frame = frame[frame["period"].astype(str) == period]
    frame = frame.sort_values(["metric", "geo", "period"])
    total = len(frame)
    rows = []
    for r in frame.head(limit).itertuples(index=False):
        rows.append({"metric": r.metric, "geo": r.geo, "period": str(r.period), "unit": r.unit,
                     "a_p50": _num(r.p50_a), "b_p50": _num(r.p50_b), "difference": _num(r.difference),
                     "difference_p05": _num(r.difference_p05), "difference_p95": _num(r.difference_p95)})
    return {"run_a": manifest(records[0]), "run_b": manifest(records[1]), "paired": paired, "total": total,
            "rows": rows}


def _num(value) -> float | None:
    value = float(value)
    return None if pd.isna(value) else value


def comparison_chart(db: str, run_a: str, run_b: str) -> dict:
    """The paired difference over time, for people abroad in the EU27 and in the world, with its band."""
    data = comparison(db, run_a, run_b, metric="stock_abroad")
    fig = go.Figure()
    for i, geo in enumerate(("EU27", "WORLD")):
        rows = [r for r in data["rows"] if r["geo"] == geo and len(r["period"]) == 7]
        series = pd.DataFrame({"p05": [r["difference_p05"] if r["difference_p05"] is not None else r["difference"]
                                       for r in rows],
                               "p50": [r["difference"] for r in rows],
                               "p95": [r["difference_p95"] if r["difference_p95"] is not None else r["difference"]
                                       for r in rows]}, index=[r["period"] for r in rows])
        figures._add_median_with_band(fig, series, name=f"difference, {geo}", colour=figures.scenario_colour(i),
                                      legendgroup=geo)
    fig.update_layout(template=figures.TEMPLATE, height=figures.HEIGHT, yaxis_title="persons (b − a)",
                      title="People abroad: run b minus run a (median of the paired difference, 5–95% band)")
    return _fig(fig)
