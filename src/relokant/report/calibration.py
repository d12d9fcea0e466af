"""The calibration as HTML: the "Calibration" section of the study report.

Input: the posterior the runs drew their parameters from (a ``relokant.calibrate.abcsmc.StoredPosterior``), or None
(runs at point values). Output: ``render_calibration_section(posterior, heading_level=2) -> Markup``: one
``<section>``: how it was calibrated (method, budget, simulations, generations, time, seeds, versions), the posterior
of each calibrated parameter beside its prior range and source, and the posterior predictive check (each target's
observed range beside the accepted particles' simulated p05-p95). With None it says the runs used point values and
how to calibrate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from relokant.report.formatting import human_number
from relokant.report.sections import SECTION_ENV

if TYPE_CHECKING:  # the report renders what calibration computes; it does not compute
    from relokant.calibrate.abcsmc import StoredPosterior

COMMAND = "relokant calibrate"

_SECTION = SECTION_ENV.from_string("""\
<section class="calibration" id="calibration">
<h{{ h }}>Calibration</h{{ h }}>
{% if m is none %}
<p class="caption">The runs used point values of the parameters (no posterior in the run store and none shipped).
<code>{{ command }}</code> calibrates them by ABC-SMC; later runs then draw their parameters from its posterior.</p>
{% else %}
<p class="caption">Each draw of the runs above takes its calibrated parameters from the posterior of calibration
<code>{{ id }}</code>: {{ m.method }}. {{ "{:,}".format(m.simulations) }} simulations of
{{ "{:,}".format(m.sample_size) }} synthetic persons (budget {{ "{:,}".format(m.budget) }}), {{ m.generations }}
generations of {{ m.population_size }} particles, final threshold {{ "%.3g"|format(m.final_epsilon) }}, in
{{ minutes }} on {{ m.where }}; seed {{ m.seed }}, reading of the return share: {{ m.reading }}; code
{{ m.code_version }}, evidence {{ m.data_version }}. The threshold is the distance to the targets: the square root of
the summed squared residuals, each 0 inside the observed range and counted in half-widths of the range outside it.
<code>{{ command }}</code> redoes it.</p>
<table class="summary">
<thead><tr><th>parameter</th><th>prior (log-uniform)</th><th>posterior p50 (p05–p95)</th><th>source</th></tr></thead>
<tbody>
{% for r in parameters %}
<tr><th>{{ r.parameter }}</th><td>{{ r.prior }}</td><td>{{ r.posterior }}</td><td style="text-align:left">
{{ r.source }}</td></tr>
{% endfor %}
</tbody>
</table>
{% if targets %}
<p class="caption">Posterior predictive check: each target's observed range beside the simulated p05–p95 of the
accepted particles.</p>
<table class="summary">
<thead><tr><th>target</th><th>observed (range)</th><th>simulated p50 (p05–p95)</th><th>overlap</th></tr></thead>
<tbody>
{% for r in targets %}
<tr><th>{{ r.target }}</th><td>{{ r.observed }}</td><td>{{ r.simulated }}</td><td>{{ r.inside }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
{% endif %}
</section>
""")


def _num(value: float) -> str:
    return human_number(value) if abs(value) >= 1000 else f"{value:.3g}"


def render_calibration_section(posterior: "StoredPosterior | None", heading_level: int = 2) -> Markup:
    if posterior is None:
        return Markup(_SECTION.render(h=heading_level, m=None, command=COMMAND))
    m = posterior.manifest
    parameters = [{"parameter": r.parameter, "prior": f"{_num(r.prior_low)}–{_num(r.prior_high)}",
                   "posterior": f"{_num(r.p50)} ({_num(r.p05)}–{_num(r.p95)})", "source": r.source}
                  for r in posterior.intervals().itertuples(index=False)]
    targets = []
    if posterior.table is not None and len(posterior.table):
        for r in posterior.table.itertuples(index=False):
            observed = _num(r.observed) if r.low == r.high else f"{_num(r.observed)} ({_num(r.low)}–{_num(r.high)})"
            targets.append({"target": r.target, "observed": observed,
                            "simulated": f"{_num(r.p50)} ({_num(r.p05)}–{_num(r.p95)})",
                            "inside": "yes" if r.inside else "no"})
    seconds = float(m.get("seconds", 0.0))
    return Markup(_SECTION.render(h=heading_level, m=m, id=posterior.id, parameters=parameters, targets=targets,
                                  minutes=f"{seconds / 60:.0f} minutes" if seconds >= 60 else f"{seconds:.0f} s",
                                  command=COMMAND))
