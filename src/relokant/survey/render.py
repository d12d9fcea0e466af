"""Readable views of survey results for the terminal (rich renderables); the CLI prints them, a notebook can too.

Inputs: a ``Weighting``, a ``Profile`` or a ``ClaimsReport``. Outputs: lists of rich renderables (tables and text),
in the order they should be printed. Numbers are shown as people read them: shares in percent, ages in years with
one decimal, ratios as "2.6x"; every interval is the 90% one.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from relokant.survey.claims import ClaimsReport
from relokant.survey.profile import Profile
from relokant.survey.weighting import Weighting

VERDICT_STYLE = {"supported": "bold green", "partly": "bold yellow", "not supported": "bold red",
                 "no data": "bold magenta"}
SYNTHETIC_BANNER = "SYNTHETIC DEMO DATA: made-up respondents, for trying the method; not evidence about emigrants."


def _pct(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{100 * value:.{digits}f}%"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    return _pct(value) if unit == "share" else f"{value:.1f}"


def _span(low: float | None, high: float | None, unit: str) -> str:
    if low is None or high is None:
        return ""
    if unit == "share":
        return f"{100 * low:.1f}-{100 * high:.1f}%"
    if unit == "ratio":
        return f"{low:.2f}-{high:.2f}x"
    return f"{low:.1f} to {high:.1f}"


def _banner(synthetic: bool) -> list:
    return [Text(SYNTHETIC_BANNER, style="bold magenta")] if synthetic else []


def weighting_view(w: Weighting, out_path=None) -> list:
    """Convergence diagnostics and the margins table of a raking."""
    d = w.diagnostics()
    parts = _banner(d["synthetic"])
    summary = Table(title=f"Raking {d['survey']} to {d['margins']}", show_header=False)
    summary.add_column("what", style="bold")
    summary.add_column("value")
    rows = [
        ("respondents", f"{d['respondents']:,}"),
        ("converged", f"{'yes' if d['converged'] else 'NO'} after {d['iterations']} iterations"),
        ("largest margin error", f"{d['max_rel_error']:.2e} (relative)"),
        ("weights", f"{d['weight_min']:.4g} to {d['weight_max']:.4g}, summing to {d['total']:,.6g}: "
                    f"{d['total_source']}"),
        ("adjustment (weight / design weight)", f"{d['adjustment_min']:.3g} to {d['adjustment_max']:.3g}"
         + (f" within bounds {d['bounds'][0]:g}-{d['bounds'][1]:g}" if d["bounds"] else " (no bounds)")),
        ("design effect (Kish, 1 + cv^2)", f"{d['design_effect']:.2f}"),
        ("effective sample size", f"{d['effective_sample_size']:,.0f} of {d['respondents']:,}"),
    ]
    if out_path is not None:
        rows.append(("written", f"{out_path} (the survey's columns plus 'weight')"))
    for name, value in rows:
        summary.add_row(name, value)
    parts.append(summary)
    table = Table(title="Margins: target, before (design weights) and after raking")
    for name in ("margin", "category", "respondents", "target", "before", "after", "source"):
        table.add_column(name, justify="right" if name in ("respondents", "target", "before", "after") else "left",
                         overflow="fold")
    for r in w.table.itertuples(index=False):
        table.add_row(r.margin, r.category, f"{r.respondents:,}", _pct(r.target_share), _pct(r.design_share),
                      _pct(r.raked_share), r.source)
    parts.append(table)
    parts += [Text(f"note: {note}", style="dim") for note in d["notes"]]
    return parts


def profile_view(p: Profile) -> list:
    """The profile table (emigrants vs Russia) and how it was made."""
    survey = p.weighting.survey
    parts = _banner(survey.synthetic)
    weighted = "raked to " + p.weighting.compiled.path if p.weighting.compiled else "not raked (no margins)"
    table = Table(title=f"Emigrant profile: {survey.path}, {len(survey):,} respondents, {weighted}",
                  caption=f"{int(100 * p.level)}% intervals: respondent bootstrap, {p.replicates} replicates re-raked "
                          f"each (seed {p.seed})")
    for name in ("statistic", "base", "answered (missing)", "unweighted", "weighted", "90% interval", "Russia",
                 "emigrants vs Russia (90%)"):
        table.add_column(name, justify="left" if name in ("statistic", "base") else "right")
    for r in p.rows:
        if r.comparison is None:
            versus = "no baseline"
        elif r.compare == "gap":
            versus = f"{r.comparison:+.1f} years" + (f" ({r.comparison_low:+.1f} to {r.comparison_high:+.1f})"
                                                     if r.comparison_low is not None else "")
        else:
            versus = f"{r.comparison:.2f}x" + (f" ({r.comparison_low:.2f}-{r.comparison_high:.2f}x)"
                                               if r.comparison_low is not None else "")
        table.add_row(r.label, r.base, f"{r.respondents:,} ({r.missing:,})", _value(r.unweighted, r.unit),
                      _value(r.estimate, r.unit), _span(r.low, r.high, r.unit), _value(r.baseline, r.unit), versus)
    parts.append(table)
    d = p.weighting.diagnostics()
    lines = [f"{r.label} ({r.base}): {r.note}" for r in p.rows if r.note]
    lines += [f"weighting: design effect {d['design_effect']:.2f}, effective sample size "
             f"{d['effective_sample_size']:,.0f}, weights {d['weight_min']:.3g} to {d['weight_max']:.3g}"]
    if p.redrawn:
        lines.append(f"bootstrap: {p.redrawn} resamples left a margin category empty and were drawn again")
    if p.baseline.get("source"):
        lines.append(f"Russia: {p.baseline['source']}; {p.baseline['sample_size']:,} records, seed "
                     f"{p.baseline['seed']}; held fixed (no interval). Each row compares like with like: the same "
                     "ages on both sides.")
    lines += [f"not computed: {name} ({why})" for name, why in p.skipped.items()]
    if survey.ignored_columns:
        lines.append(f"columns not read: {', '.join(survey.ignored_columns)}")
    lines += [f"note: {note}" for note in d["notes"]]
    parts += [Text(line, style="dim") for line in lines]
    return parts


def claims_view(report: ClaimsReport) -> list:
    """The claims, one block each: verdict, emigrant figures, comparisons, reasons."""
    parts = [Text.assemble(("Claim: ", "bold"), f"\"{report.quote}\""),
             Text(f"{report.op_ed['authors']}, {report.op_ed['outlet']}, {report.op_ed['published']} "
                  f"({report.op_ed['evidence']}); {report.op_ed['context']}.", style="dim")]
    if report.survey:
        parts += _banner(report.survey["synthetic"])
        parts.append(Text(f"Also using the survey file {report.survey['path']} ({report.survey['respondents']:,} "
                          f"respondents; countries: {report.survey['countries']}).", style="dim"))
    summary = Table(title="Summary (details below)", title_justify="left")
    for name in ("", "claim", "verdict", "in one line"):
        summary.add_column(name, overflow="fold")
    for number, c in enumerate(report.claims, 1):
        summary.add_row(str(number), f"\"{c.claim.words}\"", Text(c.verdict.upper(), VERDICT_STYLE[c.verdict]),
                        c.headline)
    parts.append(summary)
    for number, c in enumerate(report.claims, 1):
        threshold = (f"{c.threshold:g} years" if c.claim.compare == "gap" else f"{c.threshold:g}x")
        parts.append(Text.assemble(
            (f"\n{number}. \"{c.claim.words}\"  ", "bold"), (c.verdict.upper(), VERDICT_STYLE[c.verdict]),
            (f"   (on the numbers alone: {c.verdict_on_numbers}; the words read as at least {threshold}, "
             f"{c.claim.threshold})", "dim")))
        figures = Table(title="Emigrant figures", title_justify="left")
        for name in ("measure", "evidence", "survey", "where", "n", "value", "90% interval", "note"):
            figures.add_column(name, overflow="fold", justify="right" if name in ("n", "value") else "left")
        for m in c.measures:
            for f in m.figures:
                figures.add_row(m.name, " ".join(f.refs[:1]) + ("" if len(f.refs) < 2 or f.respondents is not None
                                                               else " / " + ", ".join(f.refs[1:])),
                                f.survey, f.where, "" if f.respondents is None else f"{f.respondents:,.0f}",
                                _value(f.value, m.unit), _span(f.low, f.high, m.unit), f.note)
            if m.low is not None and len(m.figures) > 1:
                figures.add_row(m.name, "[bold]all figures[/bold]", "envelope of the intervals (not an average)",
                                "", "", "", f"[bold]{_span(m.low, m.high, m.unit)}[/bold]", "")
        comparisons = Table(title="Against Russia", title_justify="left")
        what = "years younger" if c.claim.compare == "gap" else "ratio"
        for name in ("measure", "Russian base", "evidence", "Russia", what + " (90%)", "verdict", "note"):
            comparisons.add_column(name, overflow="fold",
                                   justify="right" if name in ("Russia", what + " (90%)") else "left")
        for x in c.comparisons:
            unit = next(m.unit for m in c.measures if m.name == x.measure)
            span = (_span(x.low, x.high, "ratio") if c.claim.compare == "ratio"
                    else f"{x.low:.1f} to {x.high:.1f}")
            comparisons.add_row(x.measure, x.base, " ".join(x.refs), _value(x.base_value, unit), span,
                                Text(x.verdict, style=VERDICT_STYLE[x.verdict]), x.note)
        parts += [figures, comparisons]
        parts += [Text(f"  - {reason}") for reason in c.reasons]
        if c.claim.see_also:
            parts.append(Text(f"  see also: {' '.join(c.claim.see_also)}", style="dim"))
    parts.append(Text(
        "\nHow to read: each emigrant figure gets a 90% sampling interval (n / design effect); the surveys are not "
        "averaged, their intervals are joined. A claim is supported on a base when the whole interval reaches the "
        "threshold its words imply, not supported when none of it does, partly otherwise; without a figure from "
        "the EU, where the claim is set, it is at most partly. Assumptions used: " + ", ".join(report.assumptions)
        + ". `relokant evidence show ID` shows any figure's source and quote.", style="dim"))
    return parts


def group(parts: list) -> Group:
    return Group(*parts)
