"""Impact accounting: identities, monotonicity, provenance of every rate, and a run on a small real simulation."""

import dataclasses

import numpy as np
import pytest

from relokant import evidence, geo
from relokant.accounting import METRICS, account, declarations, metrics_frame, to_frame
from relokant.accounting.accounts import IT_GROUPS, places_without_routes


def _scaled(result, factor):
    """The same run with every stock (and so every flow that follows the stock) multiplied by ``factor``."""
    return dataclasses.replace(result, stock_abroad=result.stock_abroad * factor,
                               stock_by_group=result.stock_by_group * factor,
                               secure_stock=result.secure_stock * factor)


def test_every_declared_source_resolves():
    refs = declarations.all_refs()
    assert refs
    for ref in refs:
        evidence.sourced(ref)  # raises on an unknown id or a broken range
    assert all(r.startswith("as:acct_") for r in refs if r.startswith("as:"))  # our assumptions are acct_ rows


def test_resolved_rates_are_finite_ranges():
    rates = declarations.resolve({"usd_per_eur": 1.05})
    for name, rate in rates.items():
        assert np.all(np.isfinite(rate.value)), name
        assert np.all(rate.low <= rate.value + 1e-12) and np.all(rate.value <= rate.high + 1e-12), name
        assert len(rate.source) == geo.N_PLACES
    share_rates = ("employment_rate_migrants", "tax_wedge", "benefit_eligible_share", "public_cost_share")
    for name in share_rates:
        assert np.all((rates[name].value >= 0) & (rates[name].value <= 1)), name
    assert rates["host_earnings_eur_year"].at("DE") > rates["host_earnings_eur_year"].at("GE") > 0


def test_identities(baseline_run):
    result, params = baseline_run
    acc = account(result, params)
    assert np.all(acc.employed <= acc.stock + 1e-6)
    assert np.all(acc.employed_by_group <= acc.stock_by_group + 1e-6)
    np.testing.assert_allclose(acc.fiscal_balance_eur_month,
                               acc.taxes_eur_month - acc.public_costs_eur_month - acc.benefits_eur_month)
    np.testing.assert_allclose(acc.stock, result.stock_abroad * (np.arange(geo.N_PLACES) > 0))
    # Russia is not a host.
    ru = geo.index("RU")
    for array in (acc.employed, acc.earnings_eur_month, acc.public_costs_eur_month, acc.firms_founded_cum):
        assert np.all(array[:, ru] == 0)
    # Labour force lost: every employed leaver abroad plus a share of the others; IT is part of it.
    assert np.all(acc.ru_it_labour_force_lost <= acc.ru_labour_force_lost + 1e-6)
    assert np.all(acc.ru_labour_force_lost <= result.stock_abroad[:, 1:].sum(axis=1) + 1e-6)
    # Firms are cumulative.
    assert np.all(np.diff(acc.firms_founded_cum, axis=0) >= -1e-9)
    # Yearly sums of monthly flows.
    years = acc.yearly(acc.fiscal_balance_eur_month)
    np.testing.assert_allclose(years[0], acc.fiscal_balance_eur_month[:12].sum(axis=0))


def test_eu27_and_world_are_sums_of_members(baseline_run):
    result, params = baseline_run
    frame = metrics_frame(result, params)
    for metric, period in (("employed_abroad", "2024-06"), ("fiscal_balance_eur", "2024"),
                           ("firms_founded", "2025-12")):
        rows = frame[(frame.metric == metric) & (frame.period == period)].set_index("geo")["value"]
        assert rows["EU27"] == pytest.approx(rows[list(geo.EU27)].sum(), rel=1e-9, abs=1e-6)
        assert rows["WORLD"] == pytest.approx(rows[list(geo.DESTINATIONS)].sum(), rel=1e-9, abs=1e-6)


def test_no_benefits_where_routes_grant_none(baseline_run):
    result, params = baseline_run
    card_only = account(result, params, benefit_eligible_share=0.0)
    assert np.all(card_only.benefits_eur_month == 0)
    default = account(result, params)
    assert default.benefits_eur_month.sum() > 0
    # Outside Europe the declared share is zero.
    assert np.all(default.benefits_eur_month[:, geo.index("GE")] == 0)
    # Granting no benefits only improves the fiscal balance; taxes and costs are unchanged.
    np.testing.assert_allclose(card_only.taxes_eur_month, default.taxes_eur_month)
    assert np.all(card_only.fiscal_balance_eur_month >= default.fiscal_balance_eur_month - 1e-6)


def test_more_stock_more_employed_and_flows(baseline_run):
    result, params = baseline_run
    base, more = account(result, params), account(_scaled(result, 1.5), params)
    assert more.employed.sum() > base.employed.sum()
    assert np.all(more.employed >= base.employed - 1e-9)
    np.testing.assert_allclose(more.taxes_eur_month, 1.5 * base.taxes_eur_month)
    np.testing.assert_allclose(more.ru_labour_force_lost, 1.5 * base.ru_labour_force_lost)


def test_higher_tax_wedge_more_taxes(baseline_run, monkeypatch):
    result, params = baseline_run
    base = account(result, params)
    original = declarations.resolve

    def higher_wedge(p):
        rates = original(p)
        wedge = rates["tax_wedge"]
        rates["tax_wedge"] = dataclasses.replace(wedge, value=np.minimum(1.0, wedge.value + 0.1))
        return rates

    monkeypatch.setattr(declarations, "resolve", higher_wedge)
    higher = account(result, params)
    assert higher.taxes_eur_month.sum() > base.taxes_eur_month.sum()
    assert np.all(higher.taxes_eur_month >= base.taxes_eur_month - 1e-9)
    np.testing.assert_allclose(higher.public_costs_eur_month, base.public_costs_eur_month)


def test_unmodelled_places_use_declared_work_rights(baseline_run):
    result, params = baseline_run
    acc = account(result, params)
    unmodelled = places_without_routes()
    assert unmodelled[geo.index("IL")] and not unmodelled[geo.index("DE")] and not unmodelled[0]
    share = declarations.resolve(params)["work_rights_share_unmodelled"].scalar
    assert np.all(acc.work_rights_share[:, unmodelled] == share)
    assert np.all((acc.work_rights_share >= 0) & (acc.work_rights_share <= 1))


def test_metrics_frame_on_a_real_run(baseline_run):
    result, params = baseline_run
    frame = metrics_frame(result, params, draw=3)
    assert list(frame.columns) == ["draw", "metric", "geo", "period", "value", "unit"]
    assert set(frame.metric) == set(METRICS)
    assert (frame.draw == 3).all()
    assert np.isfinite(frame.value).all()
    non_negative = frame[frame.metric != "fiscal_balance_eur"]
    assert (non_negative.value >= 0).all()
    assert set(frame[frame.metric.isin(["labour_force_loss_ru", "output_loss_ru_eur"])].geo) == {"RU"}
    years = frame[frame.metric == "fiscal_balance_eur"].period
    assert years.str.fullmatch(r"\d{4}").all() and len(set(years)) == result.months // 12
    world_2024 = frame[(frame.metric == "employed_abroad") & (frame.geo == "WORLD") & (frame.period == "2024-12")]
    assert world_2024.value.iloc[0] > 0
    output = frame[(frame.metric == "output_loss_ru_eur")].value
    assert (output > 0).all()
    acc = account(result, params)
    assert acc.ru_tax_lost_eur_month.sum() > 0 and acc.ru_capital_outflow_eur_month.sum() > 0
    assert acc.ru_it_labour_force_lost[-1] > 0 and len(IT_GROUPS) == 2
    tidy = to_frame(acc)
    assert "RU" not in set(tidy.geo) and np.isfinite(tidy.select_dtypes("number")).all().all()
