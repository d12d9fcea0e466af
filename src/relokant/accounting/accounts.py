"""Impact accounts: what the leavers abroad bring to each host country and what Russia loses, month by month.

Job: turn the engine's stocks into labour, fiscal and business accounts. Accounting reads the engine's output; it
does not live inside the step loop, so it can be rerun with other rates without re-simulating.
Inputs: a ``SimulationResult`` (``stock_by_group``, ``secure_stock``, ``stock_abroad``,
``home_earnings_abroad_rub_month``, ``capital_outflow_eur``), the run's resolved parameters (``usd_per_eur``) and the
declared rates (``relokant.accounting.declarations``).
Outputs: ``account(result, params) -> Accounts``: arrays indexed (month, place[, labour group]) with places
``relokant.geo.PLACES`` (index 0 = Russia, whose host entries are zero) and groups
``relokant.engine.simulate.LABOUR_GROUPS`` (occupation in Russia before leaving x higher education).

Units and periods. Stocks (persons) are at the end of each month. Money is EUR per month (``*_eur_month``): a
month's flow at the month-end stock, i.e. annual rates / 12; ``yearly()`` sums them to calendar years. Firms founded
are cumulative since January 2022 (firms). Prices are nominal and held at their latest evidence vintage (host
earnings 2022-2025; Russian incomes of 2022 at the 2022 rouble rate): no wage growth or inflation is projected.

Formulas (per month m, place p, labour group g):
- work_rights_share[m,p] = secure_stock / stock_abroad (the share holding a permit, permanent residence or protection:
  the engine's legal status, which carries work rights and, where the route grants them, benefits), or a declared
  share where the engine cannot resolve the status (``places_without_routes``).
- employed[m,p,g] = stock[m,p,g] x work_rights_share[m,p] x min(1, employment_rate[p] x rel_edu[g] x rel_occ[g]).
- earnings_eur_month[m,p] = sum_g employed x host_earnings[p] x migrant_earnings_ratio x rel_earnings[g] / 12.
- taxes_eur_month = earnings x tax_wedge[p].
- public_costs_eur_month = stock_abroad x govexp_per_capita_eu x public_cost_share x earnings_level[p] / 12, where
  earnings_level = host_earnings[p] / EU27 earnings (everyone present causes these costs, whatever the status).
- benefits_eur_month = stock_abroad x work_rights_share x benefit_eligible_share[p] x socprot_per_capita_eu x
  benefit_share_of_socprot x earnings_level[p] / 12.
- fiscal_balance_eur_month = taxes - public_costs - benefits.
- firms_founded_cum = cumsum(stock_abroad x firms_per_resident_year[p] / 12).
- Russia: labour_force_lost[m,g] = sum_p stock[m,p,g] x (1 for the employed occupations, the job-seeker share for
  not_employed); earnings_lost = home earnings of the employed groups abroad (RUB/month) / (RUB per EUR 2022);
  output_lost = earnings_lost / labour share of GDP; tax_lost = earnings_lost x (PIT + social contributions, the IT
  rate for IT); capital outflow = the engine's gross outflow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from relokant import geo
from relokant.accounting import declarations
from relokant.engine.access import VISA_REQUIRED
from relokant.engine.simulate import LABOUR_GROUPS, SimulationResult
from relokant.policy import routes

FIRST_YEAR = 2022
_OCC = np.array([g.split("|")[0] for g in LABOUR_GROUPS])
_HIGHER = np.array([g.endswith("|higher_edu") for g in LABOUR_GROUPS])
IT_GROUPS = np.flatnonzero(_OCC == "it")
EMPLOYED_GROUPS = np.flatnonzero(_OCC != "not_employed")


def places_without_routes() -> np.ndarray:
    """Mask over places whose legal status the engine cannot resolve: no residence route is encoded and Russians
    need no visa there (Kyrgyzstan, Uzbekistan, Israel, the rest of the world), so everyone stays on a stay with no
    clock. Their work rights are a declared share. Where a visa is needed (the UK, the US...) the engine's status
    clock gives permits on the routes it does not encode, so the status is resolved there."""
    return np.array([code != geo.ORIGIN and not routes.for_country(code) and code not in VISA_REQUIRED
                     for code in geo.PLACES])


@dataclass
class Accounts:
    months: int
    rates: dict[str, declarations.ResolvedRate]
    # Host countries, (months, places[, groups]); Russia's column is zero.
    stock_by_group: np.ndarray  # persons
    work_rights_share: np.ndarray  # share of the stock
    employed_by_group: np.ndarray  # persons
    earnings_eur_month: np.ndarray
    taxes_eur_month: np.ndarray  # taxes and social contributions on earnings
    public_costs_eur_month: np.ndarray
    benefits_eur_month: np.ndarray
    firms_founded_cum: np.ndarray  # firms since January 2022
    # Russia, (months[, groups])
    ru_labour_force_lost_by_group: np.ndarray  # persons
    ru_earnings_lost_eur_month: np.ndarray
    ru_output_lost_eur_month: np.ndarray
    ru_tax_lost_eur_month: np.ndarray
    ru_capital_outflow_eur_month: np.ndarray

    @property
    def stock(self) -> np.ndarray:
        return self.stock_by_group.sum(axis=2)

    @property
    def employed(self) -> np.ndarray:
        return self.employed_by_group.sum(axis=2)

    @property
    def fiscal_balance_eur_month(self) -> np.ndarray:
        return self.taxes_eur_month - self.public_costs_eur_month - self.benefits_eur_month

    @property
    def ru_labour_force_lost(self) -> np.ndarray:
        return self.ru_labour_force_lost_by_group.sum(axis=1)

    @property
    def ru_it_labour_force_lost(self) -> np.ndarray:
        return self.ru_labour_force_lost_by_group[:, IT_GROUPS].sum(axis=1)

    @property
    def ru_capital_outflow_cum_eur(self) -> np.ndarray:
        return np.cumsum(self.ru_capital_outflow_eur_month)

    def complete_years(self) -> list[str]:
        return [str(FIRST_YEAR + y) for y in range(self.months // 12)]

    def yearly(self, monthly: np.ndarray) -> np.ndarray:
        """Sum a monthly flow (months, ...) over each complete calendar year -> (years, ...)."""
        years = self.months // 12
        return monthly[: years * 12].reshape(years, 12, *monthly.shape[1:]).sum(axis=1)

    def by_education_occupation(self, array: np.ndarray) -> dict[str, np.ndarray]:
        """Split a (..., groups) array into occupation and education totals, e.g. for stock or employed."""
        out = {f"occupation={occ}": array[..., _OCC == occ].sum(axis=-1) for occ in dict.fromkeys(_OCC)}
        out["education=higher_edu"] = array[..., _HIGHER].sum(axis=-1)
        out["education=no_higher_edu"] = array[..., ~_HIGHER].sum(axis=-1)
        return out


def _group_factor(rates, higher: str, lower: str) -> np.ndarray:
    return np.where(_HIGHER, rates[higher].scalar, rates[lower].scalar)


def account(result: SimulationResult, params: dict[str, float],
            benefit_eligible_share: np.ndarray | float | None = None,
            rates: dict[str, declarations.ResolvedRate] | None = None) -> Accounts:
    """Impact accounts of one simulated run.

    ``benefit_eligible_share`` overrides the declared share (by place, or one number) of those on a residence route
    whose route grants social benefits: pass 0 where the scenario's routes grant none (the CASE relocant card).
    ``rates``: the resolved rates to use instead of ``declarations.resolve(params)`` (a sensitivity analysis moves
    them within their low-high).
    """
    rates = declarations.resolve(params) if rates is None else rates
    stock_g = result.stock_by_group.astype(np.float64)
    stock = result.stock_abroad.astype(np.float64)
    months = result.months
    host = np.ones(geo.N_PLACES)
    host[geo.index(geo.ORIGIN)] = 0.0  # Russia is not a host

    # Work rights: the share with a permit-type status (the engine's legal status); a declared share where the
    # engine cannot resolve the status, since a stay with no clock there means "not modelled", not "no permit".
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(stock > 0, result.secure_stock / stock, 0.0)
    unmodelled = places_without_routes()
    share[:, unmodelled] = rates["work_rights_share_unmodelled"].scalar
    share = np.clip(share, 0.0, 1.0) * host

    # Employment probability by place and group, capped at 1.
    rel_edu = _group_factor(rates, "employment_rel_higher_edu", "employment_rel_no_higher_edu")
    rel_occ = np.where(_OCC == "not_employed", rates["employment_rel_not_employed_before"].scalar, 1.0)
    p_employed = np.minimum(1.0, rates["employment_rate_migrants"].value[:, None] * (rel_edu * rel_occ)[None, :])
    employed_g = stock_g * share[:, :, None] * p_employed[None, :, :] * host[None, :, None]

    # Earnings per employed person, EUR/year, by place and group.
    rel_earn = np.where(_OCC == "it", rates["earnings_rel_it"].scalar,
                        _group_factor(rates, "earnings_rel_higher_edu", "earnings_rel_no_higher_edu"))
    host_earnings = rates["host_earnings_eur_year"].value
    earnings_year = host_earnings[:, None] * rates["migrant_earnings_ratio"].scalar * rel_earn[None, :]
    earnings = (employed_g * earnings_year[None, :, :]).sum(axis=2) / 12.0
    taxes = earnings * rates["tax_wedge"].value[None, :]

    # Public costs and benefits scale with the place's wage level relative to the EU27.
    level = host_earnings / rates["earnings_eu27_eur_year"].scalar
    cost_per_resident = (rates["govexp_per_capita_eu_eur_year"].scalar * rates["public_cost_share"].scalar
                         * level) * host
    public_costs = stock * cost_per_resident[None, :] / 12.0
    if benefit_eligible_share is None:
        eligible = rates["benefit_eligible_share"].value
    else:
        eligible = np.broadcast_to(np.asarray(benefit_eligible_share, dtype=np.float64), (geo.N_PLACES,))
    benefit_per_eligible = (rates["socprot_per_capita_eu_eur_year"].scalar
                            * rates["benefit_share_of_socprot"].scalar * level)
    benefits = stock * share * (eligible * benefit_per_eligible)[None, :] / 12.0

    firms_cum = np.cumsum(stock * (rates["firms_per_resident_year"].value * host)[None, :] / 12.0, axis=0)

    # Russia. Leavers' incomes are 2022 roubles: convert at the 2022 average rate.
    in_lf = np.where(_OCC == "not_employed", rates["ru_not_employed_in_labour_force"].scalar, 1.0)
    lf_lost = stock_g[:, 1:, :].sum(axis=1) * in_lf[None, :]
    rub_per_eur = rates["ru_rub_per_usd_2022"].scalar * params["usd_per_eur"]
    home_rub = result.home_earnings_abroad_rub_month.astype(np.float64)
    employed_mask = np.isin(np.arange(len(LABOUR_GROUPS)), EMPLOYED_GROUPS)
    earnings_lost_g = home_rub * employed_mask[None, :] / rub_per_eur
    labour_tax = rates["ru_pit_rate"].scalar + np.where(_OCC == "it", rates["ru_sic_rate_it"].scalar,
                                                         rates["ru_sic_rate"].scalar)
    return Accounts(
        months=months, rates=rates, stock_by_group=stock_g * host[None, :, None], work_rights_share=share,
        employed_by_group=employed_g, earnings_eur_month=earnings, taxes_eur_month=taxes,
        public_costs_eur_month=public_costs, benefits_eur_month=benefits, firms_founded_cum=firms_cum,
        ru_labour_force_lost_by_group=lf_lost, ru_earnings_lost_eur_month=earnings_lost_g.sum(axis=1),
        ru_output_lost_eur_month=earnings_lost_g.sum(axis=1) / rates["ru_labour_share_gdp"].scalar,
        ru_tax_lost_eur_month=(earnings_lost_g * labour_tax[None, :]).sum(axis=1),
        ru_capital_outflow_eur_month=result.capital_outflow_eur.astype(np.float64),
    )


def to_frame(accounts: Accounts) -> pd.DataFrame:
    """The host accounts as a tidy table: one row per month and place (destinations), money in EUR per month."""
    from relokant.scenario.model import month_label

    idx = pd.MultiIndex.from_product([[month_label(m) for m in range(accounts.months)], geo.PLACES],
                                     names=["period", "geo"])
    frame = pd.DataFrame({
        "stock_persons": accounts.stock.ravel(), "work_rights_share": accounts.work_rights_share.ravel(),
        "employed_persons": accounts.employed.ravel(), "earnings_eur_month": accounts.earnings_eur_month.ravel(),
        "taxes_eur_month": accounts.taxes_eur_month.ravel(),
        "public_costs_eur_month": accounts.public_costs_eur_month.ravel(),
        "benefits_eur_month": accounts.benefits_eur_month.ravel(),
        "fiscal_balance_eur_month": accounts.fiscal_balance_eur_month.ravel(),
        "firms_founded_cum": accounts.firms_founded_cum.ravel(),
    }, index=idx).reset_index()
    return frame[frame["geo"] != geo.ORIGIN].reset_index(drop=True)
