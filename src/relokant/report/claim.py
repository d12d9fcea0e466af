"""A claim's evaluation as HTML: a section for a report, or a page of its own that works offline.

Input: a ``relokant.claims.ClaimResult``. Outputs:

- ``render_claim_section(result, heading_level=2) -> Markup``: one ``<section>`` fragment — the claim and who made
  it, the answer in plain words, the table of the model against the claimed figures (intervals and sources), a
  tornado plot and a table per claimed quantity (the hinges ranked by swing) and how to read it. Its plots are plotly
  divs that need plotly.js loaded once on the page (the study report has it in its head); its tables use the
  report's ``summary`` and ``caption`` classes.
- ``write_claim_html(result, path) -> Path``: the section on a page of its own, plotly.js inline, written to a
  temporary sibling and renamed into place (a failed write never leaves half a page).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import plotly.offline
from markupsafe import Markup

from relokant.files import atomic_write
from relokant.report.sections import PLOT_CONFIG, SECTION_ENV

if TYPE_CHECKING:  # the report renders what the claims package computes; it does not compute
    from relokant.claims import ClaimResult

LOW_COLOUR, HIGH_COLOUR = "#4c78a8", "#e45756"


_SECTION = SECTION_ENV.from_string("""\
<section class="claim" id="claim-{{ c.id }}">
<style>
  section.claim .table-wrap { overflow-x: auto; }
  section.claim table.summary td.num { text-align: right; white-space: nowrap; }
  section.claim table.summary td.text { text-align: left; white-space: normal; min-width: 8rem; }
  section.claim table.summary td.why { text-align: left; white-space: normal; min-width: 18rem; }
  section.claim table.summary td.range { text-align: right; white-space: normal; min-width: 8rem; max-width: 14rem; }
  section.claim table.summary td.range .value { white-space: nowrap; }
  section.claim table.summary .spread { display: block; color: #666; font-size: 0.8rem; }
  section.claim blockquote { font-style: italic; border-left: 4px solid #ccc; margin: 0.5rem 0; padding-left: 1rem; }
</style>
<h{{ h }}>Claim {{ c.id }}: {{ c.title }}</h{{ h }}>
<blockquote>“{{ c.quote }}”</blockquote>
<p class="caption">{{ c.said_by }}. Sources: {{ c.sources | join(", ") }}. What the policy scenario encodes:
{{ c.conditions }}</p>
<h{{ h + 1 }}>In plain words</h{{ h + 1 }}>
{% for paragraph in verdict %}
<p>{{ paragraph }}</p>
{% endfor %}
<h{{ h + 1 }}>The claim against the model</h{{ h + 1 }}>
<p class="caption">Median (p05–p95 over {{ draws_text }}). Status quo = {{ c.baseline }}, under the card =
{{ c.scenario }}; difference = card minus status quo, draw by draw; share of claim = difference / the claim's lowest
figure. Metrics: {{ metrics }}.</p>
<div class="table-wrap">
<table class="summary claim-table">
<thead><tr><th>quantity</th><th>when</th><th>status quo</th><th>under the card</th><th>difference</th>
<th>share of claim</th><th>the claim</th><th>CASE report (reading)</th><th>sources</th></tr></thead>
<tbody>
{% for row in rows %}
<tr><th>{{ row.name }}</th><td class="num">{{ row.when }}</td>
{% for head, spread in row.numbers %}
<td class="num">{{ head }}{% if spread %}<span class="spread">{{ spread }}</span>{% endif %}</td>
{% endfor %}
<td class="text">{{ row.claim }}</td><td class="text">{{ row.lower }}</td><td class="text">{{ row.sources }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% if hinges %}
{% for table in hinges %}
<h{{ h + 1 }}>{{ table.heading }}</h{{ h + 1 }}>
<p class="caption">{{ table.caption }}</p>
{{ table.plot }}
<div class="table-wrap">
<table class="summary claim-hinges">
<thead><tr><th>rank</th><th>assumption</th><th>range tried (default)</th><th>effect at low</th>
<th>effect at high</th><th>swing</th>{% if table.noise %}<th>beyond noise</th>{% endif %}
<th>why it may matter</th></tr></thead>
<tbody>
{% for r in table.rows %}
<tr><td class="num">{{ r.rank }}</td><th>{{ r.target }}<span class="spread">{{ r.source }}</span></th>
<td class="range"><span class="value">{{ r.range }}</span><span class="spread">{{ r.range_note }}</span></td>
<td class="num">{{ r.low }}</td><td class="num">{{ r.high }}</td><td class="num">{{ r.swing }}</td>
{% if table.noise %}<td class="num">{{ r.beyond }}</td>{% endif %}<td class="why">{{ r.why }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% endfor %}
{% else %}
<p class="caption">The hinges (which assumptions the answer depends on) were not computed for this evaluation.</p>
{% endif %}
<h{{ h + 1 }}>How to read this</h{{ h + 1 }}>
<ul>
{% for line in reading %}
  <li>{{ line }}</li>
{% endfor %}
</ul>
<p class="caption">Runs stored: {{ runs }}. Code {{ code_version }}, data {{ data_version }}.</p>
</section>
""")

_PAGE = SECTION_ENV.from_string("""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>relokant: claim {{ claim_id }}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px;
         padding: 1.5rem; color: #222; line-height: 1.45; }
  .notice { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.6rem 0.9rem; margin: 1rem 0; }
  table.summary { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.92rem; }
  table.summary th, table.summary td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e4e4e4; }
  table.summary td { text-align: right; white-space: nowrap; }
  table.summary tbody th { text-align: left; font-weight: normal; }
  table.summary thead th { text-align: center; background: #f4f6f8; }
  .caption { color: #555; font-size: 0.88rem; }
</style>
<script>{{ plotly_js }}</script>
</head>
<body>
<p class="notice"><strong>Synthetic population.</strong> These results come from a weighted synthetic sample of
Russian adults built from published marginals, not from records of real people.</p>
{{ section }}
</body>
</html>
""")


def _row_cells(result: "ClaimResult") -> list[dict]:
    from relokant.claims.evaluate import interval_parts, share_parts
    from relokant.claims.render import claim_cell, sources_cell

    rows = []
    for r in result.rows:
        share = share_parts(r.share_of_claim) if r.share_of_claim is not None else ("", "")
        rows.append({"name": r.name, "when": f"{r.period} (+{r.years} y)",
                     "numbers": [interval_parts(r.baseline, r.unit), interval_parts(r.scenario, r.unit),
                                 interval_parts(r.effect, r.unit), share],
                     "claim": claim_cell(r.claim, r.unit), "lower": claim_cell(r.lower, r.unit),
                     "sources": sources_cell(r)})
    return rows


def tornado(result: "ClaimResult", quantity: str) -> go.Figure:
    """Horizontal bars from the effect at defaults to the effect with each assumption at its low and high end."""
    from relokant.claims.evaluate import amount

    q = next(q for q in result.claim.quantities if q.key == quantity)
    period = result.verdict_period
    center = result.hinge_setup["effect_at_defaults"][quantity][period]
    ranked = list(reversed(result.ranked(quantity)))  # plotly draws the first category at the bottom
    names = [h.target for h in ranked]
    fig = go.Figure()
    for end, colour in (("low", LOW_COLOUR), ("high", HIGH_COLOUR)):
        values = [getattr(h, f"effect_{end}")[quantity][period] for h in ranked]
        fig.add_trace(go.Bar(
            y=names, x=[v - center for v in values], base=center, orientation="h", name=f"assumption at its {end}",
            marker_color=colour, customdata=[amount(v, q.unit) for v in values],
            hovertemplate="%{y}: %{customdata}<extra>" + end + "</extra>"))
    fig.add_vline(x=center, line_dash="dot", line_color="#555",
                  annotation_text=f"all at defaults: {amount(center, q.unit)}", annotation_position="top")
    fig.update_layout(barmode="group", height=140 + 32 * len(names), margin=dict(l=10, r=10, t=50, b=40),
                      xaxis_title=f"{q.label} at {period} ({q.unit})", legend=dict(orientation="h", y=-0.15),
                      template="plotly_white")
    return fig


def _hinge_tables(result: "ClaimResult") -> list[dict]:
    from relokant.claims.evaluate import amount
    from relokant.claims.render import beyond_noise

    if not result.hinges:
        return []
    period = result.verdict_period
    setup = result.hinge_setup
    noise = setup.get("noise") or {}
    tables = []
    for q in (q for q in result.claim.quantities if q.claim):
        fig = tornado(result, q.key)
        plot = Markup(fig.to_html(include_plotlyjs=False, full_html=False, config=PLOT_CONFIG,
                                  div_id=f"claim-{result.claim.id}-hinges-{q.key}", default_width="100%",
                                  default_height=f"{fig.layout.height}px"))
        caption = (f"One assumption at a time at the low and the high end of its range, everything else at its "
                   f"default; {setup['sample_size']:,} records, one draw (draw 0, shared by every variant), ranked "
                   f"by swing = |effect at high − effect at low|.")
        claimed = next(r.claim["low"] for r in result.rows if r.quantity == q.key)
        ends = [v for h in result.hinges for v in (h.effect_low[q.key][period], h.effect_high[q.key][period])]
        if claimed > 2 * max(ends):
            caption += f" The claim ({amount(claimed, q.unit)}) lies far beyond this scale."
        if q.key in noise:
            caption += (f" A swing below about {amount(noise[q.key]['value'], q.unit)} (the noise of one draw) may be "
                        "noise.")
        rows = [{"rank": h.rank[q.key], "target": h.target, "source": h.source, "range_note": h.range_note,
                 "range": f"{h.low:.4g}–{h.high:.4g} ({h.default:.4g})",
                 "low": amount(h.effect_low[q.key][period], q.unit),
                 "high": amount(h.effect_high[q.key][period], q.unit), "swing": amount(h.swing[q.key], q.unit),
                 "why": h.why, "beyond": beyond_noise(result, q.key, h.swing[q.key])} for h in result.ranked(q.key)]
        tables.append({"heading": f"What the {q.label} at {period} hinge on", "caption": caption, "plot": plot,
                       "rows": rows, "noise": q.key in noise})
    return tables


def render_claim_section(result: "ClaimResult", heading_level: int = 2) -> Markup:
    """The claim's evaluation as one HTML ``<section>`` (plotly.js must be on the page; see the module docstring)."""
    from relokant.claims.render import metrics_note

    rows = _row_cells(result)
    draws = f"{result.draws} draws, paired" if result.draws > 1 else "1 draw: no interval"
    html = _SECTION.render(
        c=result.claim, h=heading_level, verdict=result.verdict, draws_text=draws, rows=rows,
        metrics=metrics_note(result),
        hinges=_hinge_tables(result), reading=result.reading,
        runs=", ".join(f"{name} {run_id}" for name, run_id in result.run_ids.items()),
        code_version=result.code_version, data_version=result.data_version)
    return Markup(html)


def render_claim_page(result: "ClaimResult") -> str:
    return _PAGE.render(claim_id=result.claim.id, section=render_claim_section(result, heading_level=1),
                        plotly_js=Markup(plotly.offline.get_plotlyjs()))


def write_claim_html(result: "ClaimResult", path: str | Path) -> Path:
    """Write the claim's page to ``path`` (parent folders created), atomically; return the path."""
    path = Path(path)
    page = render_claim_page(result)  # fail before touching the disk
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        handle.write(page)
    return path
