"""Validation as HTML: the "Validation" section of the study report.

Input: a ``relokant.calibrate.validate.Validation`` (or None). Output: ``render_validation_section(validation,
heading_level=2) -> Markup``: one ``<section>`` with what was run, the summary in words (ARD, coverage, the naive
forecast's ARD beside the model's, the Flee benchmark for scale), the table (one row per target: period, fitted or
held out, observed with its range, the model's median with its p05-p95, relative difference, inside, the naive
forecast and its relative difference, sources) and how to read it. With None it renders nothing (the study always
passes one). Tables use the report's ``summary`` and ``caption`` classes; no script is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from relokant.report.formatting import human_number, human_quantity, human_share
from relokant.report.sections import SECTION_ENV

if TYPE_CHECKING:  # the report renders what calibration computes; it does not compute
    from relokant.calibrate.validate import Validation

COMMAND = "relokant validate"


_SECTION = SECTION_ENV.from_string("""\
<section class="validation" id="validation">
<style>
  section.validation .table-wrap { overflow-x: auto; }
  section.validation table.summary td.text { text-align: left; white-space: normal; min-width: 10rem; }
  section.validation table.summary tr.held-out th { font-style: italic; }
</style>
<h{{ h }}>Validation</h{{ h }}>
<p class="caption">The baseline to {{ s.horizon }} against every fit target and every check, {{ s.draws }} draws of
{{ "{:,}".format(s.sample_size) }} synthetic persons (seed {{ s.seed }}). Intervals: {{ s.intervals }}. Parameters:
{{ s.fit }}. Reading of the return share: {{ s.reading }}. <code>{{ command }}</code> prints the same table;
<code>{{ command }} --time-split 2023-06</code> refits on the figures that end by mid-2023 and reports the later
ones as held out (a few minutes; not run for this report).</p>
<ul>
{% for line in lines %}
<li>{{ line }}</li>
{% endfor %}
</ul>
<div class="table-wrap">
<table class="summary validation-table">
<thead><tr><th>target</th><th>period</th><th>status</th><th>observed (range)</th><th>model: median (p05–p95)</th>
<th>relative difference</th><th>inside</th><th>naive forecast</th><th>naive relative difference</th>
<th>sources</th></tr></thead>
<tbody>
{% for row in rows %}
<tr{% if row.held_out %} class="held-out"{% endif %}><th title="{{ row.note }}">{{ row.description }}</th>
<td>{{ row.period }}</td><td>{{ row.status }}</td><td>{{ row.observed }}</td><td>{{ row.model }}</td>
<td>{{ row.relative }}</td><td>{{ row.inside }}</td><td title="{{ row.naive_rule }}">{{ row.naive }}</td>
<td>{{ row.naive_relative }}</td><td class="text">{{ row.evidence }}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
<p class="caption">How to read it: relative difference = |median − observed| / observed, the observed value being
the figure or the middle of its range; inside = the observed range overlaps the model's p05–p95 (draws differ by
random seed only, so these ranges are narrow and a point figure is rarely inside); ARD = the mean relative
difference over rows. Status "fitted": the fit that set the parameters read the figure; "held out": it did not (the
checks, stocks by place, are never fitted). Naive forecasts (hover for the rule): for stocks by place, departures ×
the survey's first-destination share × (1 − return share), with the same draw's departures and returns; for first
permits, the previous year's figure carried forward; for a running count of departures, its last earlier figure
carried forward. Rows without one say why on hover: the first-destination shares are the naive forecast's input
(and, outside the EU, the model's prior), and DESIGN.md defines none for returns and onward moves. Flee's ARD,
quoted for scale, is a different statistic (summed camp errors over the total, averaged over days).</p>
</section>
""")


def _value(value: float, share: bool) -> str:
    return human_share(value, value, value) if share else human_number(value)


def _rows(validation: "Validation") -> list[dict[str, object]]:
    rows = []
    for r in validation.table.itertuples(index=False):
        share = r.high <= 1  # shares of leavers; every count target is in thousands
        observed = _value(r.observed, share)
        if r.low != r.high:
            observed += f" ({_value(r.low, share)}–{_value(r.high, share)})"
        model = human_share(r.p05, r.p50, r.p95) if share else human_quantity(r.p05, r.p50, r.p95)
        has_naive = r.naive_relative_difference == r.naive_relative_difference
        rows.append({
            "description": r.description, "note": r.note or r.target, "period": r.period, "status": r.status,
            "held_out": r.status != "fitted", "observed": observed, "model": model,
            "relative": f"{r.relative_difference:.2f}", "inside": "yes" if r.inside else "no",
            "naive": _value(r.naive, share) if has_naive else "–", "naive_rule": r.naive_rule,
            "naive_relative": f"{r.naive_relative_difference:.2f}" if has_naive else "–", "evidence": r.evidence,
        })
    return rows


def render_validation_section(validation: "Validation | None", heading_level: int = 2) -> Markup:
    """The "Validation" section (empty markup for None)."""
    if validation is None:
        return Markup("")
    from relokant.calibrate.validate import summary_lines

    return Markup(_SECTION.render(h=heading_level, s=validation.settings, command=COMMAND,
                                  lines=summary_lines(validation), rows=_rows(validation)))
