"""A claim's evaluation for the terminal (rich renderables); the CLI prints them, a notebook can too.

Input: a ``ClaimResult``. Output: a list of renderables in reading order — the claim and who made it, the answer in
plain words, the table of the model against the claimed figures (intervals and sources), the hinges ranked by swing,
how to read it, and where the runs are stored.
"""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from relokant.claims.evaluate import ClaimResult, HingeRow, Row, amount, interval_text, share_text, span


def claim_cell(fig: dict | None, unit: str) -> str:
    if fig is None:
        return ""
    number = amount(fig["value"], unit) if fig["low"] == fig["high"] else span(fig["low"], fig["high"], unit)
    return f"{fig['bound']} {number}".strip()


def sources_cell(row: Row) -> str:
    return ", ".join(f["ref"] for f in (row.claim, row.lower) if f)


def metrics_note(result: ClaimResult) -> str:
    """Which metric of the output contract each quantity is."""
    return "; ".join(f"{q.name} = {q.metric} {q.geo}" for q in result.claim.quantities)


def beyond_noise(result: ClaimResult, quantity: str, swing: float) -> str:
    """'yes' / 'no' against the noise of one hinge run; '' when it is unknown (one stored draw)."""
    noise = ((result.hinge_setup or {}).get("noise") or {}).get(quantity)
    return "" if noise is None else ("yes" if swing > noise["value"] else "no")


def claim_table(result: ClaimResult) -> Table:
    c = result.claim
    draws = f"{result.draws} draws, paired" if result.draws > 1 else "1 draw: no interval"
    view = Table(title=f"The claim against the model: median (p05–p95 over {draws})",
                 caption=f"status quo = {c.baseline}, under the card = {c.scenario}; difference = card minus status "
                         "quo, draw by draw; share of claim = difference / the claim's lowest figure. Metrics: "
                         f"{metrics_note(result)}")
    for name in ("quantity", "when", "status quo", "under the card", "difference", "share of claim", "the claim",
                 "CASE report (reading)", "sources"):
        view.add_column(name, overflow="fold", justify="right" if name in ("status quo", "under the card",
                                                                           "difference", "share of claim") else "left")
    for r in result.rows:
        view.add_row(r.name, f"{r.period} (+{r.years} y)", interval_text(r.baseline, r.unit),
                     interval_text(r.scenario, r.unit), interval_text(r.effect, r.unit),
                     share_text(r.share_of_claim) if r.share_of_claim else "", claim_cell(r.claim, r.unit),
                     claim_cell(r.lower, r.unit), sources_cell(r))
    return view


def _value(value: float) -> str:
    return f"{value:.4g}"


def assumption_cell(h: HingeRow) -> str:
    """The hinge's name, and its source where the name does not say it (``as:<name>``)."""
    return h.target if h.source in (h.target, f"as:{h.target}") else f"{h.target} ({h.source})"


def hinge_tables(result: ClaimResult) -> list[Table]:
    """One table per claimed quantity, hinges ranked by their swing at the verdict horizon."""
    if not result.hinges:
        return []
    period = result.verdict_period
    setup = result.hinge_setup or {}
    center = setup.get("effect_at_defaults", {})
    noise = setup.get("noise") or {}
    tables = []
    for i, q in enumerate(q for q in result.claim.quantities if q.claim):
        at_defaults = center.get(q.key, {}).get(period)
        yardstick = f"; noise of one draw about {amount(noise[q.key]['value'], q.unit)}" if q.key in noise else ""
        view = Table(title=f"What the {q.label} at {period} hinge on (one assumption at a time, ranked by swing)",
                     caption=f"{setup.get('sample_size', 0):,} records, 1 draw; effect with every assumption at its "
                             f"default {amount(at_defaults, q.unit)}{yardstick}")
        columns = ["rank", "assumption", "range tried (default)", "effect at low", "effect at high", "swing"]
        if q.key in noise:
            columns.append("beyond noise")
        if i == 0:
            columns.append("why it may matter")
        for name in columns:
            view.add_column(name, overflow="fold",
                            justify="right" if name.startswith(("effect", "swing", "rank")) else "left")
        for h in result.ranked(q.key):
            cells = [str(h.rank[q.key]), assumption_cell(h),
                     f"{_value(h.low)}–{_value(h.high)} ({_value(h.default)})",
                     amount(h.effect_low[q.key][period], q.unit), amount(h.effect_high[q.key][period], q.unit),
                     amount(h.swing[q.key], q.unit)]
            if q.key in noise:
                cells.append(beyond_noise(result, q.key, h.swing[q.key]))
            if i == 0:
                cells.append(h.why)
            view.add_row(*map(escape, cells))
        tables.append(view)
    return tables


def claim_view(result: ClaimResult, store_path=None) -> list:
    """Everything ``relokant claim`` prints, in order."""
    c = result.claim
    parts: list = [
        Text(f"Claim {c.id}: {c.title}", style="bold"),
        Text(f"\u201c{c.quote}\u201d", style="italic"),
        Text(f"{c.said_by}. Sources: {', '.join(c.sources)}.", style="dim"),
        Text(""),
        Text("In plain words", style="bold underline"),
    ]
    for paragraph in result.verdict:
        parts += [Text(paragraph), Text("")]
    parts.append(claim_table(result))
    parts += hinge_tables(result)
    parts += [Text(""), Text("How to read this", style="bold underline")]
    parts += [Text(f"- {line}") for line in result.reading]
    runs = ", ".join(f"{name} {run_id}" for name, run_id in result.run_ids.items())
    where = f" in {store_path}" if store_path else ""
    parts += [Text(""), Text(f"Runs stored{where}: {runs} (relokant compare {' '.join(result.run_ids.values())}). "
                             f"Code {result.code_version}, data {result.data_version}.", style="dim")]
    return parts
