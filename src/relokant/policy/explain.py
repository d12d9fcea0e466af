"""Explanations of eligibility results for people: rich renderables for the terminal, plain dicts for JSON.

Input: ``Result`` objects from ``relokant.policy.eligibility``. Output: ``render(results)`` (a rich Group: one
panel per route, the status first, then each check with the values compared, points, thresholds, rights, sources)
and ``summary_table(results)`` (one line per route).
"""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from relokant.policy.eligibility import Result

STYLE = {"eligible": "bold green", "conditional": "bold yellow", "not eligible": "bold red",
         "not in force": "dim"}
MARK = {True: "[green]✓[/green]", False: "[red]✗[/red]", None: "[yellow]…[/yellow]"}


def summary_table(results: list[Result]) -> Table:
    table = Table(title="Routes", show_lines=False)
    for name in ("route", "country", "status", "points", "why"):
        table.add_column(name, overflow="fold")
    for r in results:
        points = f"{r.points:g} / {r.points_required:g}" if r.points is not None else ""
        if r.status == "not eligible":
            why = "; ".join(c.text for c in r.failed)
        elif r.status == "conditional":
            why = "needs: " + "; ".join(r.conditional_on)
        elif r.status == "not in force":
            why = r.checks[0].detail if r.checks else ""
        else:
            why = ""
        table.add_row(r.route_id, r.country, Text(r.status, style=STYLE[r.status]), points, why)
    return table


def _rights(rights: dict) -> str:
    parts = [f"work: {rights['work']}", f"self-employment: {'yes' if rights['self_employment'] else 'no'}",
             f"social benefits: {'yes' if rights['social_benefits'] else 'no'}"]
    if rights.get("family") is not None:
        parts.append(f"family: {'yes' if rights['family'] else 'no'}")
    for key, label in (("validity_months", "valid (months)"), ("months_to_permanent", "to permanent residence "
                                                                                       "(months)"),
                       ("max_stay_days", "max stay (days)")):
        if rights.get(key) is not None:
            parts.append(f"{label}: {rights[key]}")
    text = ", ".join(parts)
    return text + (f". {rights['notes']}" if rights.get("notes") else "")


def render(result: Result) -> Panel:
    lines: list = []
    for check in result.checks:
        mark = MARK[None] if check.open else MARK[check.passed]
        lines.append(Text.from_markup(f"{mark} {check.text}"))
        lines.append(Text(f"    {check.detail}", style="dim"))
    if result.breakdown:
        lines.append(Text("points: " + ", ".join(f"{k} {v:g}" for k, v in result.breakdown.items())
                          + f" = {result.points:g} (at least {result.points_required:g})"))
    if result.thresholds:
        lines.append(Text("applied at this date: " + ", ".join(f"{k} = {v}" for k, v in result.thresholds.items()
                                                             if v is not None)))
    for key, value in result.outputs.items():
        lines.append(Text(f"{key}: {value}"))
    if result.conditional_on:
        lines.append(Text("conditional on: " + "; ".join(result.conditional_on), style="yellow"))
    lines.append(Text("rights: " + _rights(result.rights)))
    lines.append(Text(f"law: {result.legal_reference}"))
    lines.append(Text("sources: " + " ; ".join(result.sources)))
    for note in result.uncertain:
        lines.append(Text(f"uncertain: {note}", style="magenta"))
    if result.proposal:
        lines.append(Text("a policy proposal, not law", style="bold magenta"))
    title = Text.assemble((f"{result.route_id} ", "bold"), (result.status, STYLE[result.status]))
    return Panel(Group(*lines), title=title, subtitle=f"{result.name} — {result.country}, {result.date}",
                 title_align="left")
