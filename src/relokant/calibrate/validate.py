"""Validation: the model's error on each target, beside a naive forecast's, at the stored fit or on a time split.

Inputs: the targets of a reading of the return share (``targets.targets``), the checks the fit never reads
(``targets.CHECKS``: stocks of leavers by place), the stored fit (``relokant/parameters/fitted.json``, never written
here), a sample size, a number of draws and a seed. With a time split ('YYYY-MM') the parameters are first refitted
(``fit.fit``, from the prior centre, at the stored fit's sample size and seed) on the targets whose figures end by
that month; that refit is never saved.
Output: a ``Validation``: one row per target (``table``), the summary, the settings and parameters used;
``to_dict()`` is what ``relokant validate --json`` prints and ``relokant study`` puts in the report.

Definitions (one row per target or check):
- simulated p05 / p50 / p95: quantiles over draws (linear interpolation, as in ``api.summarize``) of the target's
  quantity read off the baseline run to the latest target's month. Draw k uses the seed and population of
  ``relokant run`` (``api.draw_seed``, ``api.population``), so draws differ by random seed only: no parameter
  uncertainty, hence narrow intervals.
- observed, low, high: the target's figure and range (``targets.Observed``; low = high for a point figure).
- relative difference: |p50 - observed| / |observed|.
- inside: the observed range [low, high] overlaps the simulated [p05, p95].
- status: 'fitted' if the fit that set the parameters read the target; 'held out' if it did not (later than the
  time split, or a check the fit never reads).
- naive forecast (``naive_for``), where one applies, and its relative difference |naive - observed| / |observed|:
  * stocks of leavers by place (the checks): departures x first-destination share x (1 - return share), as DESIGN.md
    defines it; the first-destination share is the RANEPA survey's, departures and the return share are the same
    draw's at that month (so the naive forecast differs from the model only in where people are), median over draws;
  * first permits: the previous year's published figure carried forward (DESIGN.md), where the evidence has it
    (the EU in total and Poland for 2022; no 2020 figure for the 2021 target, no 2021 figure for the other
    countries);
  * cumulative departures: the last earlier published figure of the same count carried forward (the permits' rule
    applied to a running total; it assumes no one else leaves);
  * none for the first-destination shares (the survey's share is the naive forecast's input, and outside the EU the
    model's prior share: nothing to test), nor for the return and onward-move shares (DESIGN.md defines none); the
    row says why.

Summary: ARD (averaged relative difference) = the mean relative difference over rows, for all rows, the fitted and
the held-out ones; coverage = the share of rows inside; the naive forecast's ARD beside the model's ARD on the same
rows (those with a naive forecast), over all rows and the held-out ones. For scale: the Flee refugee model
(Suleimenova et al.) was validated with an ARD below 0.6 in every conflict it was tested on. Flee's ARD is not the
same statistic (it sums the absolute errors of the camps' counts on a day, divides by that day's total and averages
over days); here each target is one relative difference, because targets of different kinds (persons, shares,
permits) cannot be summed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from relokant import evidence, parameters
from relokant.calibrate.fit import DEFAULT_SAMPLE_SIZE as FIT_SAMPLE_SIZE
from relokant.calibrate.fit import DEFAULT_SEED as FIT_SEED
from relokant.calibrate.fit import _fit_scenario, fit
from relokant.calibrate.targets import CHECKS, FITTED_PARAMETERS, READINGS, TARGETS, FitInputs, Target, targets
from relokant.engine import simulate
from relokant.engine.destinations import RANEPA_FIRST_SHARE
from relokant.scenario.model import month_index

DEFAULT_SAMPLE_SIZE = 200_000  # as the study's runs and the stored fit: about 10 s for 5 draws on 2 cores
DEFAULT_DRAWS = 10  # as the study: a posterior parameter set and a seed each
DEFAULT_SEED = 1  # the baseline scenario's own seed: the draws of `relokant run baseline`
# The time split's refit: least_squares' max_nfev, steps not counting the finite-difference Jacobian's simulations
# (each step costs up to 1 + 7 simulations); from the prior centre at 200,000 records it stopped by itself after 142
# simulations.
REFIT_MAX_EVALUATIONS = 40
FLEE_ARD_BENCHMARK = 0.6  # Flee's validation: ARD below 0.6 in every conflict tested (for scale, not a target)
STATUS_FITTED, STATUS_HELD_OUT = "fitted", "held out"
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Progress = Callable[[str, int, int], None]  # (stage, done, total), as relokant.api


# --- the naive forecasts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Naive:
    """A target's naive forecast (``forecast`` read off a draw's run) or, with ``forecast`` None, why it has none."""

    rule: str
    forecast: Callable[[FitInputs], float] | None = None


def _carried(ref: str) -> Callable[[FitInputs], float]:
    value = evidence.value(ref)
    return lambda f: value


def _carried_target(target_id: str) -> Callable[[FitInputs], float]:
    value = next(t for t in TARGETS if t.id == target_id).observed().value
    return lambda f: value


def _stock_naive(code: str, month: str) -> Callable[[FitInputs], float]:
    share = evidence.value(RANEPA_FIRST_SHARE[code])

    def forecast(f: FitInputs) -> float:
        m = month_index(month)
        departures, returned = float(f.result.departures_cum[m]), float(f.result.returned_cum[m])
        return_share = returned / max(departures, 1.0)
        return departures * share * (1 - return_share)
    return forecast


_STOCK_RULE = ("departures x RANEPA first-destination share ({ref}) x (1 - return share); departures and return "
               "share of the same draw at {month}")
_NAIVE: dict[str, Naive] = {
    "departures_2022": Naive("departures to Aug 2022 (departures_before_mobilization, observed) carried forward",
                             _carried_target("departures_before_mobilization")),
    "departures_by_mid_2023": Naive("departures in 2022 (departures_2022, observed) carried forward",
                                    _carried_target("departures_2022")),
    "eu_first_permits_2022": Naive("2021 EU first permits (ev:fp_eu_2021) carried forward", _carried("ev:fp_eu_2021")),
    "first_permits_2022_PL": Naive("2021 Polish first permits (ev:fp_pl_2021) carried forward",
                                   _carried("ev:fp_pl_2021")),
    **{t.id: Naive(_STOCK_RULE.format(ref=RANEPA_FIRST_SHARE[t.id.split("_")[1]], month=t.period),
                   _stock_naive(t.id.split("_")[1], t.period)) for t in CHECKS},
}
_NO_NAIVE: tuple[tuple[str, str], ...] = (  # (target id prefix, why there is no naive forecast)
    ("first_destination_", "none: the survey's share is the naive forecast's input (and, outside the EU, the "
                           "model's prior share)"),
    ("return_share_", "none: DESIGN.md defines no naive forecast of the return share"),
    ("changed_country_", "none: DESIGN.md defines no naive forecast of onward moves"),
    ("hub_outflow_", "none: DESIGN.md defines no naive forecast of onward moves"),
    ("departures_before_mobilization", "none: no earlier figure of the count to carry forward"),
    ("departures_mobilization_wave", "none: a two-month flow with no earlier figure of the same window"),
    ("eu_first_permits_2021", "none: no 2020 figure in the evidence to carry forward"),
    ("first_permits_2022_", "none: no 2021 figure for this country in the evidence to carry forward"),
)


def naive_for(target_id: str) -> Naive:
    """The naive forecast of a target, or a ``Naive`` without forecast whose rule says why there is none."""
    if target_id in _NAIVE:
        return _NAIVE[target_id]
    for prefix, why in _NO_NAIVE:
        if target_id.startswith(prefix):
            return Naive(why)
    raise KeyError(f"no naive-forecast rule for target {target_id!r}")


# --- the arithmetic -----------------------------------------------------------------------------------------------


def relative_difference(value: float, observed: float) -> float:
    """|value - observed| / |observed| (NaN where there is no value)."""
    if value is None or value != value:
        return float("nan")
    return abs(value - observed) / abs(observed)


def inside(p05: float, p95: float, low: float, high: float) -> bool:
    """The observed range [low, high] overlaps the simulated range [p05, p95] (touching counts)."""
    return bool(p05 <= high and low <= p95)


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def summarize(table: pd.DataFrame) -> dict:
    """ARD, coverage and the naive comparison of a validation table (columns status, relative_difference, inside,
    naive_relative_difference); empty groups give None."""
    groups = {"all": table, "fitted": table[table["status"] == STATUS_FITTED],
              "held_out": table[table["status"] == STATUS_HELD_OUT]}
    naive = {}
    for name in ("all", "held_out"):
        rows = groups[name][groups[name]["naive_relative_difference"].notna()]
        naive[name] = {"targets": len(rows), "model_ard": _mean(rows["relative_difference"]),
                       "naive_ard": _mean(rows["naive_relative_difference"])}
    return {
        "targets": {name: len(rows) for name, rows in groups.items()},
        "ard": {name: _mean(rows["relative_difference"]) for name, rows in groups.items()},
        "coverage": {name: _mean(rows["inside"].astype(float)) for name, rows in groups.items()},
        "naive": naive,
        "flee_ard_benchmark": FLEE_ARD_BENCHMARK,
    }


# --- the run ------------------------------------------------------------------------------------------------------


@dataclass
class Validation:
    table: pd.DataFrame  # one row per target and check (``COLUMNS``)
    summary: dict  # ``summarize(table)``
    settings: dict  # sample size, draws, seed, reading, time split, horizon, which fit
    parameters: dict[str, float]  # the fitted parameters' values the draws ran with
    refit: dict | None = None  # the time split's refit: targets, evaluations, cost, sample size, seed
    seconds: float = field(default=0.0)

    def to_dict(self) -> dict:
        """One JSON-able object (NaN as None)."""
        rows = [{k: _plain(v) for k, v in row.items()} for row in self.table.to_dict(orient="records")]
        return {"settings": self.settings, "parameters": self.parameters, "refit": self.refit, "rows": rows,
                "summary": self.summary, "seconds": round(self.seconds, 1)}


COLUMNS = ("target", "description", "period", "status", "evidence", "observed", "low", "high", "p05", "p50", "p95",
           "relative_difference", "inside", "naive", "naive_relative_difference", "naive_rule", "note")


def _plain(value):
    if isinstance(value, (np.floating, float)):
        return None if value != value else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def check_options(*, sample_size: int, draws: int, reading: str, time_split: str | None,
                  refit_sample_size: int | None = None) -> None:
    """Raise ValueError, one line saying what, for options validation cannot run with."""
    if reading not in READINGS:
        raise ValueError(f"--reading: {reading!r} is not one of {', '.join(READINGS)}")
    if draws < 1:
        raise ValueError(f"--draws: at least 1 draw, got {draws}")
    if sample_size < 1:
        raise ValueError(f"--sample-size: a positive number of records, got {sample_size}")
    if refit_sample_size is not None and refit_sample_size < 1:
        raise ValueError(f"--refit-sample-size: a positive number of records, got {refit_sample_size}")
    if time_split is not None:
        if not MONTH.match(time_split):
            raise ValueError(f"--time-split: expected a month YYYY-MM, got {time_split!r}")
        periods = sorted(t.period for t in targets(reading))
        if time_split < periods[0]:
            raise ValueError(f"--time-split: {time_split} is before every target's figure (the first ends "
                             f"{periods[0]}): nothing to fit")
        if time_split >= periods[-1]:
            raise ValueError(f"--time-split: {time_split} holds out no target (the last figure ends {periods[-1]})")
    elif not parameters.reading_parameters(reading):
        raise ValueError(f"--reading: no stored fit for the {reading!r} reading (run `relokant fit --reading "
                         f"{reading} --save`, or give --time-split to refit)")


def split_targets(reading: str, time_split: str | None) -> tuple[str, ...]:
    """Ids of the targets a fit reads: all of the reading's, or those whose figure ends by the split month."""
    return tuple(t.id for t in targets(reading) if time_split is None or t.period <= time_split)


def validate(sample_size: int = DEFAULT_SAMPLE_SIZE, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             reading: str = "surveys", time_split: str | None = None, progress: Progress | None = None,
             refit_sample_size: int | None = None, refit_evaluations: int = REFIT_MAX_EVALUATIONS,
             posterior=None) -> Validation:
    """Validate the baseline against every target and check (see the module docstring for the definitions).

    The time split's refit runs on ``refit_sample_size`` records (default: the stored fit's, with its seed, so that
    it differs from the stored fit only in the targets it reads; at half that size the search stalled in the
    sampling noise of the small countries' permits); ``refit_evaluations`` caps it (least_squares' max_nfev).
    ``posterior`` (a ``relokant.calibrate.abcsmc.StoredPosterior``; without a time split): draw k takes its calibrated
    parameters from it as ``relokant run`` does (resampled with the seed), so the intervals carry the parameter
    uncertainty too."""
    from relokant import api  # the run's draws: seeds and populations as `relokant run` makes them

    check_options(sample_size=sample_size, draws=draws, reading=reading, time_split=time_split,
                  refit_sample_size=refit_sample_size)
    started = time.perf_counter()
    rows_declared: tuple[Target, ...] = targets(reading) + CHECKS
    horizon = max(t.period for t in rows_declared)
    stored = parameters.fitted()
    scenario = _fit_scenario(seed).model_copy(update={"horizon": horizon})
    base = parameters.resolve(scenario.parameters)
    fitted_ids = split_targets(reading, time_split)
    refit = None
    if time_split is None:
        fitted_values = parameters.reading_parameters(reading)
        source = stored if reading == "surveys" else stored["readings"][reading]
        fit_text = (f"stored fit (fitted.json, {source.get('sample_size', 0):,} records, seed "
                    f"{source.get('seed', '?')}, all {len(fitted_ids)} targets)")
    else:
        # Start from the prior centre: starting from the stored fit would carry what it learnt from the held-out
        # figures into the refit (the search, in a piecewise-constant objective, stays near its start). The refit's
        # population (the stored fit's seed) differs from the draws'.
        fit_seed = stored.get("seed", FIT_SEED)
        fit_size = refit_sample_size or stored.get("sample_size", FIT_SAMPLE_SIZE)
        result = fit(fit_size, fit_seed, max_evaluations=refit_evaluations, reading=reading,
                             only=fitted_ids, start="prior",
                             progress=None if progress is None else
                             lambda k: progress(f"refitting on figures to {time_split}", k,
                                                max(k, refit_evaluations * (len(FITTED_PARAMETERS) + 1))))
        fitted_values = result.parameters
        refit = {"targets": list(fitted_ids), "evaluations": result.evaluations, "cost": result.cost,
                 "sample_size": fit_size, "seed": fit_seed, "start": "prior centre"}
        fit_text = (f"refit on the {len(fitted_ids)} targets whose figures end by {time_split} ({fit_size:,} "
                    f"records, seed {fit_seed}, from the prior centre; not saved)")
    values = {**base, **{name: float(fitted_values[name]) for name in FITTED_PARAMETERS if name in fitted_values}}
    drawn = None
    if posterior is not None and time_split is None:
        drawn = posterior.parameter_draws(draws, seed)
        fitted_ids = tuple(t["id"] for t in posterior.manifest.get("targets", ())) or fitted_ids
        fit_text = f"posterior {posterior.id} (ABC-SMC, {len(posterior.draws)} particles), one parameter set per draw"

    simulated = np.empty((draws, len(rows_declared)))
    naive = np.full((draws, len(rows_declared)), np.nan)
    naives = [naive_for(t.id) for t in rows_declared]
    months = month_index(horizon) + 1
    for draw in range(draws):
        k_seed = api.draw_seed(seed, draw)
        if progress is not None:
            progress(f"simulating the baseline (draw {draw + 1}/{draws})", draw * months, draws * months)
        pop = api.population(sample_size, k_seed)
        draw_values = values if drawn is None else {**values, **drawn[draw]}
        result = simulate(pop, scenario, draw_values, k_seed)
        inputs = FitInputs(result, pop, draw_values)
        for j, (target, rule) in enumerate(zip(rows_declared, naives)):
            simulated[draw, j] = target.simulated(inputs)
            if rule.forecast is not None:
                naive[draw, j] = rule.forecast(inputs)
    p05, p50, p95 = np.quantile(simulated, [0.05, 0.5, 0.95], axis=0)
    naive_p50 = np.median(naive, axis=0)

    rows = []
    for j, target in enumerate(rows_declared):
        observed = target.observed()
        rows.append({
            "target": target.id, "description": target.description, "period": target.period,
            "status": STATUS_FITTED if target.id in fitted_ids else STATUS_HELD_OUT,
            "evidence": ", ".join(target.refs), "observed": float(observed.value), "low": float(observed.low),
            "high": float(observed.high), "p05": float(p05[j]), "p50": float(p50[j]), "p95": float(p95[j]),
            "relative_difference": relative_difference(p50[j], observed.value),
            "inside": inside(p05[j], p95[j], observed.low, observed.high),
            "naive": float(naive_p50[j]), "naive_relative_difference": relative_difference(naive_p50[j],
                                                                                           observed.value),
            "naive_rule": naives[j].rule, "note": target.note,
        })
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    settings = {"sample_size": sample_size, "draws": draws, "seed": seed, "reading": reading,
                "time_split": time_split, "horizon": horizon, "scenario": "baseline", "fit": fit_text,
                "intervals": ("p05-p95 over draws (random seeds only; no parameter uncertainty)" if drawn is None
                              else "p05-p95 over draws, each a posterior parameter set and a random seed"),
                "code_version": api.code_version(), "data_version": evidence.DATA_VERSION,
                "synthetic_population": True}
    used = {name: values[name] for name in FITTED_PARAMETERS}
    if drawn is not None:  # the posterior medians of the draws' parameter sets
        used = {name: float(np.median([d[name] for d in drawn])) for name in drawn[0]}
    return Validation(table, summarize(table), settings, used, refit, time.perf_counter() - started)


def summary_lines(validation: Validation) -> list[str]:
    """The summary in words, one line each (the CLI prints them; the report shows them)."""
    s = validation.summary

    def share(value):
        return "n/a" if value is None else f"{value:.2f}"

    def pct(value):
        return "n/a" if value is None else f"{value:.0%}"
    n = s["targets"]
    lines = [
        f"ARD (mean |median - observed| / observed): all {share(s['ard']['all'])} ({n['all']} targets), "
        f"fitted {share(s['ard']['fitted'])} ({n['fitted']}), held out {share(s['ard']['held_out'])} "
        f"({n['held_out']}).",
        f"Coverage (observed range overlaps the p05-p95 of the draws): all {pct(s['coverage']['all'])}, fitted "
        f"{pct(s['coverage']['fitted'])}, held out {pct(s['coverage']['held_out'])}.",
    ]
    for name, label in (("all", "targets"), ("held_out", "held-out targets")):
        naive = s["naive"][name]
        if naive["targets"]:
            lines.append(f"Naive forecast on the {naive['targets']} {label} that have one: ARD "
                         f"{share(naive['naive_ard'])}, the model's {share(naive['model_ard'])} on the same.")
    lines.append(f"For scale: Flee's validation reached ARD < {s['flee_ard_benchmark']:g} in every conflict tested "
                 "(a different statistic: summed camp errors over the total, averaged over days).")
    return lines

