"""Evaluate a declared claim: run its policy scenario against its baseline, paired draw by draw, and put the policy's
effect beside the claimed figures, with the assumptions the answer hinges on.

Inputs: a claim id (``relokant.claims.declarations``), run options (records, draws, seed, run store) or the pair
already run (``runs``), and whether to compute the hinges. Output: a ``ClaimResult`` — per quantity (people in the EU, their capital, people abroad in all)
and horizon (N years after the policy starts): baseline and scenario levels and their paired difference with
p05/p50/p95 over draws, the claim's and the claimants' own lower figures beside them, the effect as a share of the
claim, the hinge table (one assumption at a time at the ends of its range, ranked by swing), the plain-words verdict
and how to read it. ``to_dict()`` is what ``relokant claim --json`` prints.

How:
- The two scenario runs go through ``relokant.api.run`` (stored in the run store, with the same seed, draws and
  records): draw k of both uses the same synthetic population and random streams, so the per-draw difference is the
  policy's effect in that draw and its p05-p95 is the effect's interval (as ``api.compare``). It holds simulation
  noise only.
- "N years after the policy starts" is the month the policy takes effect plus 12 N: the policy's start is the
  earliest dated entry (a route switch, a policy entry) the scenario has and the baseline has not, read from the
  scenario files, never written here; a measure dated on or before the 15th counts from its own month.
- Hinges: for each declared hinge the pair is rerun at the low and at the high end of the hinge's range, everything
  else at its default, with a smaller sample and one draw (draw 0: the same population and random streams for every
  variant, which removes much, not all, of the noise between variants). These runs are not stored: they are a
  sensitivity analysis of the stored pair, rebuilt from the same inputs by the same function. They stop at the last
  horizon month (the engine is causal: later months cannot change earlier ones). The swing of a quantity is
  |effect at high - effect at low| at the verdict horizon; hinges are ranked by it. The noise yardstick beside it is
  the standard deviation of the stored pair's effect over its draws, scaled to the hinge sample by sqrt(records):
  a swing below it may be noise (capital, driven by a few very wealthy records, is the noisiest).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from relokant import evidence, geo, interrupt, parameters
from relokant.claims.declarations import Claim, Hinge, Quantity, get, hinge_source
from relokant.engine.regime import effective_month
from relokant.errors import InputError
from relokant.scenario import RouteSwitch, Scenario, with_options
from relokant.scenario.model import month_index, month_label

Progress = Callable[[str, int, int], None]
FITTED_FACTOR = parameters.FITTED_RANGE_FACTOR  # "as:claim_hinge_fitted_factor"
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class Interval:
    p05: float
    p50: float
    p95: float

    @classmethod
    def of(cls, values: Iterable[float]) -> "Interval":
        """p05/p50/p95 with linear interpolation between draws (as ``api.summarize``)."""
        array = np.asarray(list(values), dtype=float)
        return cls(*(float(q) for q in np.quantile(array, QUANTILES)))

    def scaled(self, factor: float) -> "Interval":
        return Interval(self.p05 * factor, self.p50 * factor, self.p95 * factor)

    def to_dict(self) -> dict:
        return {"p05": self.p05, "p50": self.p50, "p95": self.p95}


@dataclass
class Row:
    """One quantity at one horizon: levels, the paired effect and the claimed figures beside it."""

    quantity: str
    name: str
    label: str
    metric: str
    geo: str
    unit: str
    years: int
    period: str
    baseline: Interval
    scenario: Interval
    effect: Interval
    effect_draws: list[float]
    claim: dict | None  # ref, label, bound, value, low, high (in the metric's unit)
    lower: dict | None
    share_of_claim: Interval | None  # effect / the claim's lowest figure
    note: str = ""

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "name": self.name, "label": self.label, "metric": self.metric,
                "geo": self.geo, "unit": self.unit, "years": self.years, "period": self.period,
                "baseline": self.baseline.to_dict(), "scenario": self.scenario.to_dict(),
                "effect": self.effect.to_dict(), "effect_draws": self.effect_draws,
                "claim": self.claim, "report": self.lower,
                "share_of_claim": self.share_of_claim.to_dict() if self.share_of_claim else None,
                "note": self.note}


@dataclass
class HingeRow:
    """One assumption at the low and high end of its range: the effects, their swing and rank per quantity."""

    target: str
    kind: str
    source: str
    why: str
    range_note: str  # how the range was set
    default: float
    low: float
    high: float
    effect_low: dict[str, dict[str, float]]  # quantity -> period -> effect with the assumption at its low
    effect_high: dict[str, dict[str, float]]
    swing: dict[str, float] = field(default_factory=dict)  # quantity -> |high - low| at the verdict horizon
    rank: dict[str, int] = field(default_factory=dict)  # quantity -> 1 = largest swing

    def to_dict(self) -> dict:
        return {"target": self.target, "kind": self.kind, "source": self.source, "why": self.why,
                "range_note": self.range_note, "default": self.default, "low": self.low, "high": self.high,
                "effect_low": self.effect_low, "effect_high": self.effect_high, "swing": self.swing,
                "rank": self.rank}


@dataclass
class ClaimResult:
    claim: Claim
    run_ids: dict[str, str]  # scenario name -> stored run id
    sample_size: int
    draws: int
    seed: int
    policy_start: str  # YYYY-MM, the month the policy takes effect
    periods: dict[int, str]  # years after the start -> YYYY-MM
    rows: list[Row]
    hinges: list[HingeRow] | None  # ranked by swing of the first claimed quantity; None when not computed
    hinge_setup: dict | None  # sample size, draw, the effect at defaults in the hinge runs, the noise yardstick
    context: list[dict]  # figures for scale: ref, text, value
    verdict: list[str]  # plain words, paragraph by paragraph
    reading: list[str]  # how to read the numbers
    code_version: str
    data_version: str

    @property
    def verdict_period(self) -> str:
        return self.periods[self.claim.verdict_years]

    def row(self, quantity: str, years: int | None = None) -> Row:
        years = self.claim.verdict_years if years is None else years
        for r in self.rows:
            if r.quantity == quantity and r.years == years:
                return r
        raise KeyError((quantity, years))

    def ranked(self, quantity: str) -> list[HingeRow]:
        """The hinges ordered by their swing of ``quantity`` (largest first)."""
        return sorted(self.hinges or [], key=lambda h: h.rank.get(quantity, math.inf))

    def to_dict(self) -> dict:
        c = self.claim
        return {
            "claim": c.id, "title": c.title, "quote": c.quote, "said_by": c.said_by, "conditions": c.conditions,
            "sources": list(c.sources), "baseline": c.baseline, "scenario": c.scenario, "policy": c.policy,
            "run_ids": self.run_ids, "sample_size": self.sample_size, "draws": self.draws, "seed": self.seed,
            "policy_start": self.policy_start,
            "horizons": [{"years": y, "period": p} for y, p in self.periods.items()],
            "verdict_years": c.verdict_years,
            "rows": [r.to_dict() for r in self.rows],
            "hinges": None if self.hinges is None else [h.to_dict() for h in self.hinges],
            "hinge_setup": self.hinge_setup,
            "not_varied": [{"what": what, "why": why} for what, why in c.not_varied],
            "context": self.context, "verdict": self.verdict, "reading": self.reading,
            "code_version": self.code_version, "data_version": self.data_version, "synthetic_population": True,
        }


# ----------------------------------------------------------------------------------------------- scenarios


def policy_start(baseline: Scenario, scenario: Scenario) -> int:
    """Month index at which the scenario starts to differ from the baseline: its earliest route switch or policy
    entry that the baseline does not have (dated on or before the 15th: that month; later: the next)."""
    base_entries = {_key(e) for e in (*baseline.routes, *baseline.policy)}
    starts = [effective_month(e.start) for e in (*scenario.routes, *scenario.policy) if _key(e) not in base_entries]
    if not starts:
        raise InputError(f"scenario {scenario.name!r} has no route or policy entry that {baseline.name!r} lacks: "
                         "nothing to evaluate")
    return min(starts)


def _key(entry) -> str:
    return repr(sorted(entry.model_dump(mode="json", by_alias=True).items()))


def _horizon_check(scenario: Scenario, last: int) -> None:
    if month_index(scenario.horizon) < last:
        raise InputError(f"scenario {scenario.name!r}: horizon {scenario.horizon} ends before {month_label(last)}, "
                         "the claim's last horizon")


def _validated(scenario: Scenario, **updates) -> Scenario:
    return Scenario.model_validate({**scenario.canonical(), **updates})


def _hinge_range(hinge: Hinge, baseline: Scenario, draw_zero: dict[str, float] | None = None
                 ) -> tuple[float, float, float, str]:
    """(default, low, high, how the range was set) of a hinge; ``draw_zero``: the parameter values of the stored
    runs' draw 0 (a posterior draw), which the hinge runs start from."""
    if hinge.kind == "parameter":
        default = {**parameters.resolve(baseline.parameters), **(draw_zero or {})}[hinge.target]
        return default, *parameters.plausible_range(hinge.target, default)
    if hinge.kind == "reading":
        from relokant.calibrate.targets import RETURN_READINGS

        default = RETURN_READINGS["surveys"].observed().value
        other = RETURN_READINGS[hinge.target].observed().value
        return default, default, other, (f"return share the fit reads: surveys {default:g} (default) vs "
                                         f"{hinge.target} {other:g}; parameters refitted under each")
    s = evidence.sourced(hinge.target if hinge.kind == "scenario" else hinge.range_ref)
    return s.value, s.low, s.high, f"range of {s.ref}"


def _replace_ref(entries: list[dict], ref: str, value: float) -> tuple[list[dict], int]:
    count = 0
    replaced = []
    for entry in entries:
        entry = dict(entry)
        for key in ("openness", "capital_acceptance"):
            if entry.get(key) == ref:
                entry[key] = value
                count += 1
        replaced.append(entry)
    return replaced, count


def hinge_variant(hinge: Hinge, value: float, baseline: Scenario, scenario: Scenario,
                  start: int) -> tuple[Scenario | None, Scenario]:
    """The pair with one hinge at ``value``: (baseline or None where the hinge does not touch it, scenario)."""
    if hinge.kind == "parameter":
        return tuple(_validated(s, parameters={**s.parameters, hinge.target: value}) for s in (baseline, scenario))
    if hinge.kind == "scenario":
        pair, total = [], 0
        for s in (baseline, scenario):
            policy, count = _replace_ref(s.canonical()["policy"], hinge.target, value)
            total += count
            pair.append(_validated(s, policy=policy))
        if total == 0:
            raise ValueError(f"hinge {hinge.target}: no policy entry of {baseline.name} or {scenario.name} uses it")
        return pair[0], pair[1]
    if hinge.kind == "route":
        # From the first day of the policy's start month to the end of the scenario's own switch (if it has one), so
        # it holds exactly while the proposal is in force.
        ends = [r.end for r in scenario.routes if r.route == hinge.route and r.enabled]
        switch = RouteSwitch.model_validate({"route": hinge.route, "from": f"{month_label(start)}-01",
                                             "to": max(ends) if ends and None not in ends else None,
                                             "parameters": {hinge.target: value}})
        return None, _validated(scenario, routes=[*scenario.canonical()["routes"],
                                                  switch.model_dump(mode="json", by_alias=True)])
    if hinge.kind == "reading":
        fitted = parameters.reading_parameters(hinge.target)
        if not fitted:
            raise InputError(f"hinge {hinge.target}: no fit stored for that reading "
                             f"(run `relokant fit --reading {hinge.target} --save`)")
        return tuple(_validated(s, parameters={**s.parameters, **fitted}) for s in (baseline, scenario))
    raise ValueError(f"hinge {hinge.target}: unknown kind {hinge.kind!r}")


def select_hinges(claim: Claim, hinges: bool | Iterable[str]) -> tuple[Hinge, ...]:
    """The declared hinges to compute: all (True), none (False) or those named (an unknown name is an input error)."""
    if hinges is True:
        return claim.hinges
    if hinges is False or hinges is None:
        return ()
    wanted = list(hinges)
    known = {h.target: h for h in claim.hinges}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InputError(f"claim {claim.id}: unknown hinge {unknown[0]!r} (known: {', '.join(known)})")
    return tuple(known[w] for w in wanted)


# ----------------------------------------------------------------------------------------------- values


def _geo_sum(values: np.ndarray, code: str) -> np.ndarray:
    """A (months, places) array summed over a place or aggregate, as ``engine.outputs`` does."""
    if code == "EU27":
        return values[:, geo.IS_EU].sum(axis=1)
    if code == "WORLD":
        return values[:, 1:].sum(axis=1)
    return values[:, geo.index(code)]


_RESULT_FIELD = {"stock_abroad": "stock_abroad", "capital_abroad_eur": "capital_abroad_eur"}


def _result_values(result, claim: Claim, periods: dict[int, str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for q in claim.quantities:
        series = _geo_sum(getattr(result, _RESULT_FIELD[q.metric]), q.geo)
        out[q.key] = {p: float(series[month_index(p)]) for p in periods.values()}
    return out


def _per_draw(metrics: pd.DataFrame, q: Quantity, period: str) -> pd.Series:
    rows = metrics[(metrics["metric"] == q.metric) & (metrics["geo"] == q.geo) & (metrics["period"] == period)]
    return rows.set_index("draw")["value"].sort_index()


def _figure_dict(figure) -> dict | None:
    if figure is None:
        return None
    value, low, high = figure.values()
    return {"ref": figure.ref, "words": figure.words, "bound": figure.bound, "value": value, "low": low,
            "high": high}


def _rows(claim: Claim, base: pd.DataFrame, scen: pd.DataFrame, periods: dict[int, str]) -> list[Row]:
    rows = []
    for q in claim.quantities:
        for years, period in periods.items():
            a, b = _per_draw(base, q, period), _per_draw(scen, q, period)
            if a.empty or not a.index.equals(b.index):
                raise RuntimeError(f"{q.metric} {q.geo} {period}: the runs do not have the same draws")
            effect = (b - a).tolist()
            claim_fig = _figure_dict(q.claim)
            # Against the claim's lowest figure (400 of 'at least 400-500'): the reading most generous to it.
            share = Interval.of(effect).scaled(1 / claim_fig["low"]) if claim_fig else None
            rows.append(Row(q.key, q.name, q.label, q.metric, q.geo, q.unit, years, period, Interval.of(a),
                            Interval.of(b), Interval.of(effect), effect, claim_fig, _figure_dict(q.lower), share,
                            q.note))
    return rows


# ----------------------------------------------------------------------------------------------- hinges


def _draw_zero(output) -> dict[str, float]:
    """The parameter values a stored run's draw 0 drew from the posterior (empty: point values)."""
    drawn = output.posterior or output.parameters.get("posterior") or {}
    return dict(drawn.get("draws", [{}])[0]) if drawn.get("draws") else {}


def _hinge_table(claim: Claim, chosen: tuple[Hinge, ...], baseline: Scenario, scenario: Scenario, start: int,
                 periods: dict[int, str], sample_size: int, seed: int, progress: Progress | None,
                 draw_zero: dict[str, float] | None = None):
    from relokant import api
    from relokant.engine import AccessTable, simulate

    last = periods[max(periods)]
    baseline = _validated(baseline, horizon=last)
    scenario = _validated(scenario, horizon=last)
    k_seed = api.draw_seed(seed, 0)
    pop = api.population(sample_size, k_seed)
    # Every hinge run simulates this one population: route access is evaluated once per place and route version
    # (a hinge on an access parameter runs without the table; the results are the same either way).
    shared_access = AccessTable(pop, parameters.resolve(baseline.parameters))
    plan = []  # (hinge, end, value, base variant or None, scenario variant or None where the end is the default)
    ranges = {}
    for hinge in chosen:
        default, low, high, note = _hinge_range(hinge, baseline, draw_zero)
        ranges[hinge.target] = (default, low, high, note)
        for end, value in (("low", low), ("high", high)):
            # An end at the default (the card's A1 reading is its range's low) is the run at defaults itself.
            variants = (None, None) if value == default else hinge_variant(hinge, value, baseline, scenario, start)
            plan.append((hinge, end, value, *variants))
    runs_total = 2 + sum((b is not None) + (s is not None) for *_, b, s in plan)
    done = 0

    def values(s: Scenario, label: str) -> dict[str, dict[str, float]]:
        nonlocal done
        if progress:
            progress(f"hinges: {label}", done, runs_total)
        # Draw 0's parameter set, as the stored pair ran it, except what the hinge variant sets itself.
        values_now = {**parameters.resolve(s.parameters),
                      **{k: v for k, v in (draw_zero or {}).items() if k not in s.parameters}}
        result = simulate(pop, s, values_now, k_seed, progress=lambda month: interrupt.check(),
                          access_table=shared_access)
        done += 1
        return _result_values(result, claim, periods)

    def effect(b: dict, s: dict) -> dict[str, dict[str, float]]:
        return {q: {p: s[q][p] - b[q][p] for p in b[q]} for q in b}

    center_base = values(baseline, "defaults, " + baseline.name)
    center = effect(center_base, values(scenario, "defaults, " + scenario.name))
    table: dict[str, HingeRow] = {}
    for hinge, end, value, base_variant, scen_variant in plan:
        name = f"{hinge.target} at {end} ({value:.4g})"
        if scen_variant is None:
            e = center
        else:
            b = center_base if base_variant is None else values(base_variant, f"{name}, {baseline.name}")
            e = effect(b, values(scen_variant, f"{name}, {scenario.name}"))
        default, low, high, note = ranges[hinge.target]
        row = table.setdefault(hinge.target, HingeRow(hinge.target, hinge.kind, hinge_source(hinge), hinge.why,
                                                      note, default, low, high, {}, {}))
        setattr(row, f"effect_{end}", e)
    if progress:
        progress("hinges: done", runs_total, runs_total)
    rows = list(table.values())
    rank_hinges(rows, [q.key for q in claim.quantities], periods[claim.verdict_years])
    return rows, {"sample_size": sample_size, "draw": 0, "seed": k_seed, "horizon": last, "effect_at_defaults": center}


def rank_hinges(rows: list[HingeRow], quantities: list[str], period: str) -> list[HingeRow]:
    """Swing |effect at high - effect at low| at ``period`` per quantity, rank 1 = largest; the rows are sorted in
    place by the first quantity's rank."""
    for q in quantities:
        for row in rows:
            row.swing[q] = abs(row.effect_high[q][period] - row.effect_low[q][period])
        for rank, row in enumerate(sorted(rows, key=lambda r: -r.swing[q]), start=1):
            row.rank[q] = rank
    rows.sort(key=lambda r: r.rank[quantities[0]])
    return rows


# ----------------------------------------------------------------------------------------------- words


def _scaled(value: float, divisor: float) -> str:
    return f"{value / divisor:.3g}"


def _divisor(value: float) -> tuple[float, str]:
    """The scale a number is read in: trillion, bn, M, k or none."""
    for divisor, suffix in ((1e12, "trillion"), (1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= divisor * 0.9995:  # 999,600 reads 1.00 M
            return divisor, suffix
    return 1.0, ""


def amount(value: float, unit: str) -> str:
    """'152 k', 'EUR 1.08 bn', '3 M', 'EUR 1 trillion' (three significant digits at most)."""
    if not math.isfinite(value):
        return "n/a"
    divisor, suffix = _divisor(value)
    text = f"{_scaled(value, divisor)} {suffix}" if suffix else f"{value:,.0f}"
    return f"EUR {text}" if unit == "EUR" else text


def _verb(unit: str, plural: str = "are", singular: str = "is") -> str:
    return singular if unit == "EUR" else plural


def span(low: float, high: float, unit: str) -> str:
    """'200-900 k', 'EUR 400-500 bn': both ends in the scale of the larger one."""
    divisor, suffix = _divisor(max(abs(low), abs(high)))
    text = f"{_scaled(low, divisor)}–{_scaled(high, divisor)}" + (f" {suffix}" if suffix else "")
    return f"EUR {text}" if unit == "EUR" else text


def interval_parts(iv: Interval, unit: str) -> tuple[str, str]:
    """('152 k', 'p05–p95 144–160 k'): the median and its range in the median's scale ('' with one draw)."""
    head = amount(iv.p50, unit)
    if iv.p05 == iv.p95:
        return head, ""
    divisor, suffix = _divisor(abs(iv.p50) or max(abs(iv.p05), abs(iv.p95)))
    return head, f"p05–p95 {_scaled(iv.p05, divisor)}–{_scaled(iv.p95, divisor)}{' ' + suffix if suffix else ''}"


def interval_text(iv: Interval, unit: str) -> str:
    """'152 k (p05–p95 144–160 k)'; the median alone when the draws agree (one draw)."""
    head, spread = interval_parts(iv, unit)
    return f"{head} ({spread})" if spread else head


def _range_text(fig: dict, unit: str) -> str:
    return amount(fig["value"], unit) if fig["low"] == fig["high"] else span(fig["low"], fig["high"], unit)


def _percent(x: float) -> str:
    return f"{100 * x:.2g}%" if abs(x) < 0.1 else f"{100 * x:.0f}%"


def share_parts(share: Interval) -> tuple[str, str]:
    """('5.3%', 'p05–p95 4.9%–5.6%'); no range with one draw."""
    head = _percent(share.p50)
    return head, "" if share.p05 == share.p95 else f"p05–p95 {_percent(share.p05)}–{_percent(share.p95)}"


def share_text(share: Interval) -> str:
    head, spread = share_parts(share)
    return f"{head} ({spread})" if spread else head


def position(row: Row) -> str:
    """Where the effect's interval lies against the claim (its lowest figure) and the claimants' own lower figure."""
    effect, claim, lower = row.effect, row.claim, row.lower
    if effect.p05 >= claim["low"]:
        return "it reaches the claim"
    if effect.p95 >= claim["low"]:
        return "the claim lies inside the model's interval"
    short = (f"the claim is {claim['low'] / effect.p50:,.0f} times the model's median" if effect.p50 > 0
             else "the model has no gain at all")
    if lower is None:
        return short
    if effect.p95 < lower["low"]:
        return f"below even the CASE report's own figure; {short}"
    if effect.p05 > lower["high"]:
        return f"above the CASE report's own figure, still far from the claim; {short}"
    return f"in the range of the CASE report's own figure, not the op-ed's; {short}"


def _verdict(claim: Claim, rows: list[Row], start: str, periods: dict[int, str], hinges: list[HingeRow] | None,
             hinge_setup: dict | None, context: list[dict]) -> list[str]:
    def row(q, y):
        return next(r for r in rows if r.quantity == q and r.years == y)

    first, last = min(periods), claim.verdict_years
    paragraphs = [
        f"Under {claim.policy} ({claim.scenario}, in force from {start}), the model puts "
        f"{interval_text(row('people', first).effect, 'persons')} more Russians in the EU by {periods[first]} "
        f"({first} years) and {interval_text(row('people', last).effect, 'persons')} more by {periods[last]} "
        f"({last} years) than the status quo ({claim.baseline}), with "
        f"{interval_text(row('capital', first).effect, 'EUR')} more capital in the EU by {periods[first]} and "
        f"{interval_text(row('capital', last).effect, 'EUR')} by {periods[last]}."
    ]
    claimed = [r for r in rows if r.claim and r.years == last]
    said = " with ".join(r.claim["words"] for r in claimed)
    report = " and ".join(f"{r.lower['words']} (read here as {_range_text(r.lower, r.unit)}, {r.lower['ref']})"
                          for r in claimed if r.lower)
    paragraphs.append(f"The claim says {said}, in three to five years ({', '.join(r.claim['ref'] for r in claimed)}); "
                      f"the CASE report itself speaks of {report}.")
    for r in claimed:
        paragraphs.append(f"At {last} years the {r.label} {_verb(r.unit)} {share_text(r.share_of_claim)} of the "
                          f"claim's {amount(r.claim['low'], r.unit)}: {position(r)}.")
    eu, abroad = row("people", last), row("abroad", last)
    redirected = eu.effect.p50 - abroad.effect.p50
    text = (f"Russians abroad anywhere rise by {interval_text(abroad.effect, 'persons')} by {periods[last]}: that "
            "much is new emigration (more leave, fewer return)")
    if redirected > 0:
        text += (f"; the rest of the EU's gain, about {amount(redirected, 'persons')}, are people who would otherwise "
                 "live in other countries (Georgia, Armenia, Turkey, Serbia ...)")
    paragraphs.append(text + ".")
    paragraphs.append(f"Counting everyone who left Russia since February 2022 and lives in the EU under the card, not "
                      f"only the policy's effect, the model has {interval_text(eu.scenario, 'persons')} by "
                      f"{periods[last]} against the claim's {amount(eu.claim['low'], 'persons')}; the status quo "
                      f"has {interval_text(eu.baseline, 'persons')}.")
    capital = row("capital", last)
    per_head_claim = span(capital.claim["low"] / eu.claim["low"], capital.claim["high"] / eu.claim["low"], "EUR")
    per_head_model = capital.effect.p50 / eu.effect.p50 if eu.effect.p50 > 0 else float("nan")
    scale = "; ".join(c["text"] + (f" ({c['ref']})" if c["ref"] else "") for c in context)
    paragraphs.append(f"For scale: the claim implies {per_head_claim} per person, the model "
                      f"{amount(per_head_model, 'EUR')} of additional capital per additional person in the EU; "
                      f"{scale}.")
    if hinges:
        paragraphs.append(_hinge_words(claim, hinges, periods[last], rows, (hinge_setup or {}).get("noise") or {}))
    else:
        paragraphs.append("Which assumptions the answer hinges on was not computed this time (--no-hinges).")
    return paragraphs


def _hinge_words(claim: Claim, hinges: list[HingeRow], period: str, rows: list[Row], noise: dict) -> str:
    parts = []
    for q in (q for q in claim.quantities if q.claim):
        ranked = sorted(hinges, key=lambda h: h.rank[q.key])
        top = ranked[0]
        others = ", ".join(h.target for h in ranked[1:3])
        lo, hi = top.effect_low[q.key][period], top.effect_high[q.key][period]
        ends = [v for h in hinges for v in (h.effect_low[q.key][period], h.effect_high[q.key][period])]
        claim_low = next(r.claim["low"] for r in rows if r.quantity == q.key)
        reach = ("none of them reaches the claim" if max(ends) < claim_low
                 else "at least one end reaches the claim")
        clear = ""
        if q.key in noise:
            beyond = sum(h.swing[q.key] > noise[q.key]["value"] for h in hinges)
            verb = "exceeds" if beyond == 1 else "exceed"
            clear = (f" ({beyond} of {len(hinges)} swings {verb} the noise of one hinge run, about "
                     f"{amount(noise[q.key]['value'], q.unit)}; the order of the others is not reliable)")
        parts.append(f"the {q.label} {_verb(q.unit, 'hinge', 'hinges')} most on {top.target} ({amount(lo, q.unit)} at "
                     f"its low, {amount(hi, q.unit)} at its high), then {others}{clear}; across all "
                     f"{len(hinges)} assumptions at the ends of their ranges the effect stays between "
                     f"{amount(min(ends), q.unit)} and {amount(max(ends), q.unit)}: {reach}")
    return "What the answer hinges on (one assumption at a time, with a smaller sample): " + "; ".join(parts) + "."


def _reading(claim: Claim, draws: int, start: str, periods: dict[int, str], hinge_setup: dict | None) -> list[str]:
    lines = [
        f"Intervals are p05–p95 over {draws} draw{'s' if draws != 1 else ''}: each draw is another weighted sample "
        "of the synthetic population and another set of random choices, shared by both scenarios (common random "
        "numbers), so a difference is the policy's effect in that draw. They hold simulation noise only, not "
        "parameter uncertainty." + (" With one draw there is no interval." if draws == 1 else ""),
        "Parameter uncertainty shows only in the hinge table: each assumption at the low and the high end of its "
        "range, one at a time, everything else at its default. Fitted parameters are varied by a factor "
        f"({FITTED_FACTOR}) around their fitted value, not across their wide priors. Assumptions interact; one at a "
        "time is a map of what matters, not a joint interval.",
        f"'{claim.horizons_years[0]} and {claim.horizons_years[-1]} years after the policy starts': the scenario "
        f"{claim.scenario} puts it in force from {start} (read from the scenario), so "
        + " and ".join(periods.values()) + ".",
        "'In the EU' counts people who left Russia since 24 February 2022 and live in one of the 27 member states "
        "at the end of the month, not the pre-war diaspora; capital is what they moved out of Russia and hold in "
        "the EU (returnees take theirs home).",
        "The population is synthetic: a weighted sample built from published marginals, not records of real people.",
        "Not varied: " + "; ".join(f"{what}: {why}" for what, why in claim.not_varied) + ".",
    ]
    if hinge_setup:
        noise = hinge_setup.get("noise")
        line = (f"Hinge runs: {hinge_setup['sample_size']:,} records, one draw (draw 0, the same population and "
                f"random streams for every variant), stopping at {hinge_setup['horizon']}.")
        if noise:
            line += (" A swing smaller than the noise of one such draw (about "
                     + ", ".join(f"{amount(n['value'], n['unit'])} for {k}" for k, n in noise.items())
                     + ", from the spread of the stored draws) may be noise.")
        lines.insert(2, line)
    return lines


# ----------------------------------------------------------------------------------------------- entry point


def evaluate(claim_id: str = "case-3m", *, sample_size: int | None = None, draws: int | None = None,
             seed: int | None = None, db=None, hinges: bool | Iterable[str] = True,
             hinge_sample_size: int | None = None, progress: Progress | None = None, runs=None) -> ClaimResult:
    """Run a declared claim's scenario against its baseline (stored, paired) and, with ``hinges``, the one-at-a-time
    sensitivity; see the module docstring. ``hinges`` may name a subset of the declared hinges.

    ``runs``: the pair already run (``api.RunOutput`` of the baseline and of the scenario, e.g. the study's), used
    instead of running it again; their sample size, draws and seed then apply, and they must be paired."""
    from relokant import api

    claim = get(claim_id)
    if runs is not None:
        runs = tuple(runs)
        names = tuple(o.scenario.name for o in runs)
        if names != (claim.baseline, claim.scenario):
            raise InputError(f"claim {claim.id}: runs must be {claim.baseline} and {claim.scenario}, got {names}")
        if len({(o.sample_size, o.draws, o.seed) for o in runs}) != 1:
            raise InputError(f"claim {claim.id}: the runs are not paired (different sample size, draws or seed)")
        sample_size, draws, seed = runs[0].sample_size, runs[0].draws, runs[0].seed
    sample_size = claim.sample_size if sample_size is None else sample_size
    draws = claim.draws if draws is None else draws
    hinge_sample_size = claim.hinge_sample_size if hinge_sample_size is None else hinge_sample_size
    chosen = select_hinges(claim, hinges)
    baseline = api.as_scenario(claim.baseline)
    seed = baseline.seed if seed is None else seed  # one seed for both: the pair must share its draws
    baseline = with_options(baseline, sample_size=sample_size, draws=draws, seed=seed)
    scenario = with_options(api.as_scenario(claim.scenario), sample_size=sample_size, draws=draws, seed=seed)
    if chosen:
        try:  # a bad hinge sample size fails before any run
            with_options(baseline, sample_size=hinge_sample_size)
        except InputError as exc:
            raise InputError(str(exc).replace("--sample-size", "--hinge-sample-size", 1)) from None
    start = policy_start(baseline, scenario)
    periods = {years: month_label(start + 12 * years) for years in claim.horizons_years}
    for s in (baseline, scenario):
        _horizon_check(s, month_index(periods[max(periods)]))

    outputs = list(runs) if runs is not None else [api.run(s, db=db, progress=progress) for s in (baseline, scenario)]
    rows = _rows(claim, outputs[0].metrics, outputs[1].metrics, periods)

    hinge_rows, hinge_setup = None, None
    if chosen:
        hinge_rows, hinge_setup = _hinge_table(claim, chosen, baseline, scenario, start, periods, hinge_sample_size,
                                               seed, progress, _draw_zero(outputs[0]))
        if draws >= 2:
            # Spread of the stored pair's effect per draw, scaled to the hinge sample (noise ~ 1/sqrt(records)).
            noise = {}
            for q in claim.quantities:
                effect = next(r for r in rows if r.quantity == q.key and r.years == claim.verdict_years).effect_draws
                noise[q.key] = {"value": float(np.std(effect, ddof=1)) * math.sqrt(sample_size / hinge_sample_size),
                                "unit": q.unit}
            hinge_setup["noise"] = noise

    context = [{"ref": c.ref, "text": c.text, "value": evidence.value(c.ref)} for c in claim.context]
    context.append(_wealth_context(claim, rows, outputs[0], sample_size, seed))
    start_label = month_label(start)
    return ClaimResult(
        claim=claim, run_ids={o.scenario.name: o.run_id for o in outputs}, sample_size=sample_size, draws=draws,
        seed=seed, policy_start=start_label, periods=periods, rows=rows, hinges=hinge_rows, hinge_setup=hinge_setup,
        context=context, verdict=_verdict(claim, rows, start_label, periods, hinge_rows, hinge_setup, context),
        reading=_reading(claim, draws, start_label, periods, hinge_setup),
        code_version=api.code_version(), data_version=evidence.DATA_VERSION)


def _wealth_context(claim: Claim, rows: list[Row], base_output, sample_size: int, seed: int) -> dict:
    """The claimed capital against the liquid wealth of all Russian adults in the synthetic population (draw 0)."""
    from relokant import api

    pop = api.population(sample_size, api.draw_seed(seed, 0))
    liquid_eur = float((pop.weight * pop.liquid_wealth_usd).sum()) / base_output.parameters["usd_per_eur"]
    capital = next(r for r in rows if r.quantity == "capital" and r.claim)
    low, high = capital.claim["low"] / liquid_eur, capital.claim["high"] / liquid_eur
    return {"ref": "", "value": liquid_eur,
            "text": f"the claimed {_range_text(capital.claim, 'EUR')} would be {_percent(low)}–{_percent(high)} of "
                    f"the liquid wealth of all Russian adults, in Russia or abroad ({amount(liquid_eur, 'EUR')} in "
                    "the synthetic population, draw 0)"}
