"""Sobol sensitivity as HTML: a section for the study report, or a page of its own that works offline.

Input: a ``relokant.ensemble.sensitivity.SensitivityResult`` (run now, or read back from the JSON that
``relokant sensitivity`` stores), or None. Outputs:

- ``heatmap(result)``, ``bars(result)``: plotly figures — the total index ST of every factor for every output (factors
  ordered by their largest ST), and per output (a menu picks it) S1 and ST with their confidence half-widths;
- ``render_sensitivity_section(result, heading_level=2) -> Markup``: one ``<section>``: what was run and how to read
  it, the top factors per output in words, the two plots and the table. With ``result=None`` the section says how to
  compute one (a full Sobol run takes minutes, longer than the study itself). Its plots are plotly divs that need
  plotly.js loaded once on the page (the study report has it in its head).
- ``write_sensitivity_html(result, path)``: the section on a page of its own, plotly.js inline, written to a
  temporary sibling and renamed into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from relokant.files import atomic_write
from relokant.report.sections import PLOT_CONFIG, SECTION_ENV

if TYPE_CHECKING:  # the report renders what the ensemble computes; it does not compute
    from relokant.ensemble.sensitivity import SensitivityResult

S1_COLOUR, ST_COLOUR = "#4c78a8", "#e45756"
TEMPLATE = "plotly_white"
COMMAND = "relokant sensitivity baseline"


_SECTION = SECTION_ENV.from_string("""\
<section class="sensitivity" id="sensitivity">
<style>
  section.sensitivity .table-wrap { overflow-x: auto; }
  section.sensitivity table.summary td.num { text-align: right; white-space: nowrap; }
  section.sensitivity table.summary td.text { text-align: left; white-space: normal; }
  section.sensitivity table.summary .spread { display: block; color: #666; font-size: 0.8rem; }
</style>
<h{{ h }}>Sensitivity</h{{ h }}>
{% if r is none %}
<p>Not computed for this report. Which parameters and assumptions the headline outputs depend on (Sobol indices,
varying all of them at once over their plausible ranges) takes a few hundred simulations, minutes on two cores,
more than the study itself. Run <code>{{ command }}</code>: it writes <code>out/sensitivity.html</code> and
<code>out/sensitivity.json</code>, and the next <code>relokant study</code> with the same output folder includes it
here.</p>
{% else %}
<p class="caption">Scenario {{ r.scenario }} to {{ r.horizon }}: {{ r.factors | length }} factors varied at once,
each uniformly over its plausible range (sources below); Saltelli design with N = {{ r.samples }} base samples:
{{ "{:,}".format(r.evaluations) }} evaluations, {{ "{:,}".format(r.simulations) }} simulations of
{{ "{:,}".format(r.sample_size) }} synthetic persons ({{ minutes }}). Every simulation uses the same population and
random streams (seed {{ r.seed }}, draw 0), so the indices measure parameters, not simulation noise. Code
{{ r.code_version }}, data {{ r.data_version }}{% if stale %} <strong>(computed with other evidence than this report:
data {{ current_data }}; rerun <code>{{ command }}</code>)</strong>{% endif %}.</p>
<ul>
{% for line in words %}
<li>{{ line }}</li>
{% endfor %}
</ul>
<p class="caption">How to read it: S1 is the share of an output's variance a factor explains alone; ST adds its
interactions with the others (ST ≥ S1; ST near 0: the factor can be fixed anywhere in its range). ± is the 95%
bootstrap half-width: with {{ r.samples }} base samples the indices are a ranking, not precise shares; negative
estimates, ones above 1 and an S1 above its ST are sampling error (<code>--samples 64</code> narrows them, at four
times the cost). Ranges are plausible ranges, not probabilities, and factors are drawn
independently (the fit's correlations between fitted parameters are ignored): this is a map of what matters, not a
forecast interval.</p>
{{ heatmap }}
{{ bars }}
<div class="table-wrap">
<table class="summary sensitivity-table">
<thead><tr><th>factor</th><th>source</th><th>range (default)</th>
{% for o in r.outputs %}<th>{{ o.output.label }} ({{ o.period }})</th>{% endfor %}</tr></thead>
<tbody>
{% for row in rows %}
<tr><th>{{ row.name }}</th><td class="text">{{ row.source }}</td><td class="num">{{ row.range }}</td>
{% for cell in row.cells %}
<td class="num">ST {{ cell.st }}<span class="spread">S1 {{ cell.s1 }}</span></td>
{% endfor %}
</tr>
{% endfor %}
</tbody>
</table>
</div>
<p class="caption">Rows ordered by a factor's largest ST over the outputs. Output spread over the sampled parameter
sets (p05–p50–p95): {{ spreads }}.</p>
{% endif %}
</section>
""")


def _number(value: float) -> str:
    if value != value:
        return "n/a"
    return "0.00" if abs(value) < 0.005 else f"{value:.2f}"  # no "-0.00"


def _amount(value: float, unit: str) -> str:
    """'512 k', 'EUR 2.5 bn' (three significant digits)."""
    if value != value:
        return "n/a"
    for divisor, suffix in ((1e12, " trillion"), (1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if abs(value) >= divisor:
            text = f"{value / divisor:.3g}{suffix}"
            break
    else:
        text = f"{value:.3g}"
    return f"EUR {text}" if unit.startswith("EUR") else text


def range_text(f) -> str:
    """'0.000945–0.00213 (0.00142)': the factor's range and its default, three significant digits."""
    return f"{f.low:.3g}–{f.high:.3g} ({f.default:.3g})"


def ordered_factors(result: "SensitivityResult") -> list[str]:
    """Factor names by their largest ST over the outputs, largest first."""
    best = {f.name: 0.0 for f in result.factors}
    for o in result.outputs:
        for i in o.indices:
            if i.ST == i.ST:
                best[i.factor] = max(best[i.factor], i.ST)
    return sorted(best, key=lambda name: -best[name])


def heatmap(result: "SensitivityResult") -> go.Figure:
    """ST of every factor (rows, by largest ST) for every output (columns); hover gives S1 and the half-widths."""
    names = ordered_factors(result)
    z, text = [], []
    for name in names:
        row_z, row_text = [], []
        for o in result.outputs:
            i = next(i for i in o.indices if i.factor == name)
            row_z.append(max(0.0, min(1.0, i.ST)) if i.ST == i.ST else None)
            row_text.append(f"ST {_number(i.ST)} ± {_number(i.ST_conf)}<br>S1 {_number(i.S1)} ± {_number(i.S1_conf)}")
        z.append(row_z)
        text.append(row_text)
    columns = [f"{o.output.label} ({o.period})" for o in result.outputs]
    fig = go.Figure(go.Heatmap(z=z, x=columns, y=names, text=text, zmin=0, zmax=1, colorscale="Reds",
                               colorbar={"title": "ST"},
                               hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>"))
    fig.update_layout(title="Total Sobol index ST of each factor, per output (clipped to 0–1)", template=TEMPLATE,
                      height=max(360, 26 * len(names) + 160), yaxis={"autorange": "reversed"},
                      margin={"l": 280})
    return fig


def bars(result: "SensitivityResult") -> go.Figure:
    """S1 and ST with their half-widths, factors ranked by ST, one output at a time (a menu picks it)."""
    fig = go.Figure()
    buttons = []
    count = len(result.outputs)
    for k, o in enumerate(result.outputs):
        ranked = list(o.indices)
        names = [i.factor for i in ranked]
        for label, colour, values, conf in (
                ("ST", ST_COLOUR, [i.ST for i in ranked], [i.ST_conf for i in ranked]),
                ("S1", S1_COLOUR, [i.S1 for i in ranked], [i.S1_conf for i in ranked])):
            fig.add_trace(go.Bar(y=names, x=values, orientation="h", name=label, marker_color=colour,
                                 error_x={"type": "data", "array": conf, "thickness": 1}, visible=k == 0,
                                 legendgroup=label, showlegend=True,
                                 hovertemplate="%{y}: " + label + " %{x:.2f}<extra></extra>"))
        title = f"Sobol indices of {o.output.label} ({o.period}), ranked by ST"
        visible = [j // 2 == k for j in range(2 * count)]
        buttons.append({"label": o.output.label, "method": "update",
                        "args": [{"visible": visible}, {"title": title, "yaxis.categoryarray": names[::-1]}]})
    first = result.outputs[0]
    fig.update_layout(title=f"Sobol indices of {first.output.label} ({first.period}), ranked by ST",
                      template=TEMPLATE, barmode="group", height=max(380, 30 * len(result.factors) + 160),
                      xaxis_title="share of the output's variance", margin={"l": 280},
                      yaxis={"categoryorder": "array", "categoryarray": [i.factor for i in first.indices][::-1]},
                      updatemenus=[{"buttons": buttons, "direction": "down", "x": 0, "xanchor": "left", "y": 1.12,
                                    "yanchor": "bottom"}] if count > 1 else [])
    return fig


def summary_lines(result: "SensitivityResult", top: int = 3) -> list[str]:
    """Per output, in words: its spread and its top factors by ST."""
    lines = []
    for o in result.outputs:
        unit = o.output.unit
        if o.constant:
            lines.append(f"{o.output.label} ({o.period}) did not vary over the sampled parameter sets "
                         f"({_amount(o.p50, unit)}): every index is 0.")
            continue
        leaders = ", ".join(f"{i.factor} (ST {_number(i.ST)} ± {_number(i.ST_conf)})" for i in o.indices[:top])
        lines.append(f"{o.output.label}, {o.period} ({_amount(o.p05, unit)} to {_amount(o.p95, unit)} over the "
                     f"sampled sets, median {_amount(o.p50, unit)}): most sensitive to {leaders}.")
    return lines


def _plot_html(fig: go.Figure, div_id: str) -> Markup:
    height = fig.layout.height or 440
    return Markup(fig.to_html(include_plotlyjs=False, full_html=False, div_id=div_id, config=PLOT_CONFIG,
                              default_width="100%", default_height=f"{height}px"))


def render_sensitivity_section(result: "SensitivityResult | None", heading_level: int = 2) -> Markup:
    """The section (see the module docstring); ``result=None`` gives the note on how to compute one."""
    if result is None:
        return Markup(_SECTION.render(h=heading_level, r=None, command=COMMAND))
    from relokant import evidence

    by_name = {f.name: f for f in result.factors}
    rows = []
    for name in ordered_factors(result):
        f = by_name[name]
        cells = []
        for o in result.outputs:
            i = next(i for i in o.indices if i.factor == name)
            cells.append({"st": f"{_number(i.ST)} ± {_number(i.ST_conf)}",
                          "s1": f"{_number(i.S1)} ± {_number(i.S1_conf)}"})
        rows.append({"name": name, "source": f.source, "range": range_text(f), "cells": cells})
    spreads = "; ".join(f"{o.output.label} {_amount(o.p05, o.output.unit)} – {_amount(o.p50, o.output.unit)} – "
                        f"{_amount(o.p95, o.output.unit)}" for o in result.outputs)
    minutes = f"{result.seconds / 60:.1f} minutes" if result.seconds >= 60 else f"{result.seconds:.0f} s"
    return Markup(_SECTION.render(
        h=heading_level, r=result, command=f"relokant sensitivity {result.scenario}", minutes=minutes,
        stale=bool(result.data_version) and result.data_version != evidence.DATA_VERSION,
        current_data=evidence.DATA_VERSION, words=summary_lines(result),
        heatmap=_plot_html(heatmap(result), "sensitivity-heatmap"), bars=_plot_html(bars(result), "sensitivity-bars"),
        rows=rows, spreads=spreads))


_PAGE = SECTION_ENV.from_string("""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px;
         padding: 1.5rem; color: #222; line-height: 1.45; }
  table.summary { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
  table.summary th, table.summary td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e4e4e4; }
  table.summary tbody th { text-align: left; font-weight: normal; white-space: nowrap; }
  table.summary thead th { text-align: center; background: #f4f6f8; }
  .caption { color: #555; font-size: 0.88rem; }
  .notice { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.6rem 0.9rem; margin: 1rem 0; }
</style>
<script>{{ plotly_js }}</script>
</head>
<body>
<h1>{{ title }}</h1>
<p class="notice"><strong>Synthetic population.</strong> Every simulation runs on a weighted synthetic sample of
Russian adults built from published marginals, not on records of real people.</p>
{{ section }}
</body>
</html>
""")


def write_sensitivity_html(result: "SensitivityResult", path: Path) -> Path:
    """The section on a page of its own (plotly.js inline, works offline); written atomically; returns the path."""
    path = Path(path)
    page = _PAGE.render(title=f"relokant: sensitivity of {result.scenario}'s headline outputs",
                        plotly_js=Markup(plotly.offline.get_plotlyjs()),
                        section=render_sensitivity_section(result, heading_level=2))
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        handle.write(page)
    return path
