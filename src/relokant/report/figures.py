"""Plotly figures of a scenario comparison, one function per plot of the HTML report.

Each function takes the list of ``RunResult`` (and their display labels) and returns a ``plotly.graph_objects.Figure``:
stock abroad by destination (one figure per scenario), EU27 and world stock, departures and returns, EU first permits
by country and year, capital abroad. Lines are medians; shaded bands are the 5–95 % range over draws, drawn only where
the draws differ. Colours are fixed per scenario and per place so figures can be read against each other.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from relokant.geo import EU27, NAMES
from relokant.report.results import RunResult

TEMPLATE = "plotly_white"
SCENARIO_COLOURS: tuple[str, ...] = tuple(qualitative.D3)
PLACE_COLOURS: tuple[str, ...] = tuple(qualitative.Safe)
OTHERS_COLOUR = "#b0b0b0"
HEIGHT = 440


def _rgba(colour: str, alpha: float) -> str:
    """A '#rrggbb' or 'rgb(r, g, b)' colour made translucent (plotly's palettes come in both forms)."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(v)) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    return f"rgba({r},{g},{b},{alpha})"


def scenario_colour(i: int) -> str:
    return SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]


def _add_median_with_band(fig: go.Figure, series, *, name: str, colour: str, legendgroup: str,
                          showlegend: bool = True, dash: str | None = None, row: int | None = None,
                          col: int | None = None) -> None:
    """A median line, with the p05–p95 band behind it when the draws differ somewhere on the line."""
    where = {"row": row, "col": col} if row is not None else {}
    x = list(series.index)
    if (series["p05"] != series["p95"]).any():
        # The upper edge is an invisible line; the lower edge fills up to it, so the band sits between them.
        fig.add_trace(go.Scatter(x=x, y=series["p95"], mode="lines", line={"width": 0}, hoverinfo="skip",
                                 legendgroup=legendgroup, showlegend=False), **where)
        fig.add_trace(go.Scatter(x=x, y=series["p05"], mode="lines", line={"width": 0}, fill="tonexty",
                                 fillcolor=_rgba(colour, 0.18), hoverinfo="skip", legendgroup=legendgroup,
                                 showlegend=False), **where)
    fig.add_trace(go.Scatter(x=x, y=series["p50"], mode="lines", name=name, legendgroup=legendgroup,
                             showlegend=showlegend, line={"color": colour, "dash": dash}), **where)


def stock_by_destination(result: RunResult, label: str, destinations: list[str]) -> go.Figure:
    """Stacked medians of people abroad in each main destination, and all other places as one layer."""
    fig = go.Figure()
    others = None
    s = result.summary
    stock = s[s["metric"] == "stock_abroad"]
    for code in stock["geo"].unique():
        if code in destinations or code in ("EU27", "WORLD"):
            continue
        p50 = result.series("stock_abroad", code)["p50"]
        others = p50 if others is None else others.add(p50, fill_value=0.0)
    layers = [(NAMES.get(code, code), result.series("stock_abroad", code)["p50"], PLACE_COLOURS[i % len(PLACE_COLOURS)])
              for i, code in enumerate(destinations)]
    if others is not None:
        layers.append(("others", others.sort_index(), OTHERS_COLOUR))
    for name, p50, colour in layers:
        fig.add_trace(go.Scatter(x=list(p50.index), y=p50, name=name, mode="lines", stackgroup="stock",
                                 line={"width": 0.5, "color": colour}, fillcolor=_rgba(colour, 0.75),
                                 hovertemplate="%{x}: %{y:.3s}<extra>" + name + "</extra>"))
    fig.update_layout(title=f"People abroad by destination — {label} (medians, stacked)",
                      yaxis_title="persons", template=TEMPLATE, height=HEIGHT, hovermode="x unified")
    return fig


def _two_geo_figure(results: list[RunResult], labels: list[str], metric: str, title: str, unit: str) -> go.Figure:
    fig = make_subplots(rows=1, cols=2, subplot_titles=("EU27", "World"), horizontal_spacing=0.08)
    for i, (result, label) in enumerate(zip(results, labels)):
        for col, geo in enumerate(("EU27", "WORLD"), start=1):
            _add_median_with_band(fig, result.series(metric, geo), name=label, colour=scenario_colour(i),
                                  legendgroup=label, showlegend=col == 1, row=1, col=col)
    fig.update_yaxes(title_text=unit, col=1)
    fig.update_layout(title=title, template=TEMPLATE, height=HEIGHT, hovermode="x")
    return fig


def stock_eu_world(results: list[RunResult], labels: list[str]) -> go.Figure:
    """People abroad in the EU27 and in the world, scenarios overlaid, with 5–95 % bands."""
    return _two_geo_figure(results, labels, "stock_abroad", "People abroad: EU27 and world", "persons")


def departures_returns(results: list[RunResult], labels: list[str]) -> go.Figure:
    """Cumulative departures (solid) and returns (dotted) since 2022, per scenario."""
    fig = go.Figure()
    for i, (result, label) in enumerate(zip(results, labels)):
        for metric, word, dash in (("departures_cum", "departed", None), ("returned_cum", "returned", "dot")):
            _add_median_with_band(fig, result.series(metric, "WORLD"), name=f"{label}: {word}",
                                  colour=scenario_colour(i), legendgroup=f"{label}-{metric}", dash=dash)
    fig.update_layout(title="Departures and returns, cumulative since 2022", yaxis_title="persons",
                      template=TEMPLATE, height=HEIGHT, hovermode="x")
    return fig


def first_permits_by_country(results: list[RunResult], labels: list[str]) -> go.Figure:
    """EU first permits by country, scenarios as side-by-side bars, one year at a time (slider picks the year).

    Countries keep one order for every year (most permits over all years in the first run first), so a reader
    moving the slider sees bars grow or shrink rather than swap places.
    """
    first = results[0].summary
    permits = first[(first["metric"] == "first_permits") & first["geo"].isin(EU27)]
    totals = permits.groupby("geo")["p50"].sum()
    countries = sorted(totals.index, key=lambda c: (-totals[c], EU27.index(c)))
    years = sorted({str(p) for r in results
                    for p in r.summary.loc[r.summary["metric"] == "first_permits", "period"]})
    fig = go.Figure()
    if not years or not countries:
        fig.update_layout(title="EU first permits by country: no permits in these runs", template=TEMPLATE)
        return fig
    shown_year = years[-1]
    visibility: list[str] = []  # the year each trace belongs to, in trace order
    for year in years:
        for i, (result, label) in enumerate(zip(results, labels)):
            s = result.summary
            rows = s[(s["metric"] == "first_permits") & (s["period"].astype(str) == year)].set_index("geo")
            rows = rows.reindex(countries)
            has_range = bool((rows["p05"] != rows["p95"]).fillna(False).any())
            error = ({"type": "data", "symmetric": False, "array": rows["p95"] - rows["p50"],
                      "arrayminus": rows["p50"] - rows["p05"], "thickness": 1} if has_range else None)
            fig.add_trace(go.Bar(x=[NAMES[c] for c in countries], y=rows["p50"], name=label, legendgroup=label,
                                 marker_color=scenario_colour(i), error_y=error, visible=year == shown_year,
                                 hovertemplate="%{x}: %{y:.3s}<extra>" + f"{label}, {year}</extra>"))
            visibility.append(year)
    steps = [{"label": year, "method": "update",
              "args": [{"visible": [y == year for y in visibility]},
                       {"title": f"EU first permits to Russian citizens by country, {year}"}]} for year in years]
    fig.update_layout(title=f"EU first permits to Russian citizens by country, {shown_year}", barmode="group",
                      yaxis_title="permits", template=TEMPLATE, height=HEIGHT + 60,
                      sliders=[{"active": years.index(shown_year), "steps": steps, "currentvalue": {"prefix": "year: "},
                                "pad": {"t": 90}}])
    return fig


def capital_abroad(results: list[RunResult], labels: list[str]) -> go.Figure:
    """Capital held abroad, EU27 and world, scenarios overlaid, with 5–95 % bands."""
    return _two_geo_figure(results, labels, "capital_abroad_eur", "Capital abroad: EU27 and world", "EUR")
