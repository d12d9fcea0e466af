"""Declarations of every rate impact accounting uses: one small declaration per concept, each number traceable.

Job: say, for each rate, where its number comes from for each place, in the manner of PolicyEngine parameters.
Inputs: the evidence (``ev:<figure id>``) and the labelled assumptions (``as:acct_...``) via ``relokant.evidence``, and
the run's resolved parameters (``usd_per_eur``) for currency conversion.
Outputs: ``RATES`` (name -> ``Rate``), ``resolve(params)`` -> name -> ``ResolvedRate`` (value, low, high and the
source of each place as arrays over ``relokant.geo.PLACES``; a scalar rate has the same value in every place), and
``all_refs()`` for checking that every declared source resolves.

A ``Source`` is one figure, optionally turned into the rate's unit: ``scale`` (percent -> share), ``per_year``
(12 for a monthly figure: a calendar identity, not an assumption), ``plus`` (statutory rates added up, e.g. income
tax + contributions), ``divide_by`` (a currency rate, or a stock for firms per resident; a reference or
``param:<name>``) and ``low_ref`` (a figure for the low end, e.g. a special regime relocants use). The range of a
source is the figures' low/high carried through the same arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from relokant import evidence, geo
from relokant.errors import InputError

EUROPE = frozenset((*geo.EU27, *geo.OTHER_EUROPE))


@dataclass(frozen=True)
class Source:
    ref: str
    scale: float = 1.0
    per_year: float = 1.0
    plus: tuple[str, ...] = ()
    divide_by: str | None = None
    low_ref: str | None = None

    def refs(self) -> tuple[str, ...]:
        extra = tuple(r for r in (self.divide_by, self.low_ref) if r and not r.startswith("param:"))
        return (self.ref, *self.plus, *extra)

    def resolve(self, params: dict[str, float]) -> tuple[float, float, float]:
        """(value, low, high) in the rate's unit."""
        parts = [evidence.sourced(r) for r in (self.ref, *self.plus)]
        value = sum(p.value for p in parts)
        low = sum(p.low for p in parts)
        high = sum(p.high for p in parts)
        if self.low_ref:
            low = min(low, evidence.sourced(self.low_ref).value)
        factor = self.scale * self.per_year
        value, low, high = value * factor, low * factor, high * factor
        if self.divide_by:
            if self.divide_by.startswith("param:"):
                d = d_low = d_high = float(params[self.divide_by.removeprefix("param:")])
            else:
                s = evidence.sourced(self.divide_by)
                d, d_low, d_high = s.value, s.low, s.high
            # A larger divisor gives the lower end.
            value, low, high = value / d, low / d_high, high / d_low
        return value, low, high


@dataclass(frozen=True)
class Rate:
    """A rate: a source per place where the evidence has one, a fallback for the rest of Europe and for others."""

    name: str
    unit: str
    description: str
    fallback: Source  # places outside Europe without their own source (and every place for a scalar rate)
    fallback_europe: Source | None = None  # EU27, GB, CH, NO without their own source
    by_place: dict[str, Source] = field(default_factory=dict)
    note: str = ""

    def source_for(self, code: str) -> tuple[Source, str]:
        """The source used for a place and how it was chosen ('own', 'Europe fallback', 'fallback')."""
        if code in self.by_place:
            return self.by_place[code], "own"
        if self.fallback_europe is not None and code in EUROPE:
            return self.fallback_europe, "Europe fallback"
        return self.fallback, "fallback"

    def refs(self) -> set[str]:
        sources = [self.fallback, *self.by_place.values()] + ([self.fallback_europe] if self.fallback_europe else [])
        return {ref for s in sources for ref in s.refs()}


@dataclass(frozen=True)
class ResolvedRate:
    name: str
    unit: str
    value: np.ndarray  # (places,)
    low: np.ndarray
    high: np.ndarray
    source: tuple[str, ...]  # per place: the reference (and how it was chosen)

    def at(self, code: str) -> float:
        return float(self.value[geo.index(code)])

    @property
    def scalar(self) -> float:
        """The value of a rate that does not vary by place."""
        return float(self.value[0])


def _ev(ids: dict[str, str], **kw) -> dict[str, Source]:
    return {code: Source(f"ev:{figure_id}", **kw) for code, figure_id in ids.items()}


PCT = 0.01
_USD = "param:usd_per_eur"  # USD per EUR of the run (relokant.parameters)

_EMPLOYMENT = {
    # Non-EU citizens aged 20-64 (Eurostat), latest per-country vintage in the evidence.
    **_ev({c: f"host_emp_noneu_citizens_2020_{c.lower()}" for c in ("CY", "LT", "EE", "LV")}, scale=PCT),
    **_ev({c: f"host_emp_bornoutsideeu_2018_{c.lower()}" for c in ("CZ", "SK", "MT", "RO", "PL", "PT", "BE",
                                                                     "FI", "GR")}, scale=PCT),
    # Foreign-born (OECD 2023).
    **_ev({"FR": "host_emp_immigrants_2023_fr", "CA": "host_emp_immigrants_2023_ca",
           "GB": "host_emp_immigrants_2023_uk", "US": "host_emp_immigrants_2023_us"}, scale=PCT),
}

_EU_EARNINGS_2024 = ("LU", "DK", "IE", "BE", "AT", "DE", "FI", "SE", "FR", "SI", "ES", "IT", "MT", "LT", "CY", "EE",
                     "PT", "CZ", "HR", "LV", "PL", "RO", "SK", "HU", "GR", "BG")
_EARNINGS = {
    **_ev({c: f"host_earn_eurostat_fte_2024_{c.lower()}" for c in _EU_EARNINGS_2024}),
    # OECD average wages in USD (PPP where no market-rate figure): converted at the run's USD per EUR.
    **_ev({"NL": "host_earn_oecd_avwage_ppp_2022_nl", "GB": "host_earn_oecd_avwage_ppp_2022_uk",
           "NO": "host_earn_oecd_avwage_ppp_2022_no", "US": "host_earn_oecd_avwage_ppp_2022_us",
           "CA": "host_earn_oecd_avwage_ppp_2022_ca", "IL": "host_earn_oecd_avwage_ppp_2022_il",
           "CH": "host_earn_oecd_aw_2022_mkt_ch"}, divide_by=_USD),
    "ME": Source("ev:host_earn_me_gross_monthly_2024", per_year=12),
    "RS": Source("ev:host_earn_rs_gross_monthly_2025m01", per_year=12, divide_by="as:acct_fx_rsd_per_eur"),
    "GE": Source("ev:host_earn_ge_monthly_2024", per_year=12, divide_by="as:acct_fx_gel_per_eur"),
    "AM": Source("ev:host_earn_am_monthly_2024m06", per_year=12, divide_by="as:acct_fx_amd_per_eur"),
    "KZ": Source("ev:host_earn_kz_usd_2024m09", per_year=12, divide_by=_USD),
    "KG": Source("ev:host_earn_kg_usd_2024m09", per_year=12, divide_by=_USD),
}

_TAX = {
    # OECD Taxing Wages: single worker at the average wage, % of labour costs; latest vintage in the evidence.
    **_ev({c: f"host_taxwedge_2024_{c.lower()}" for c in ("ES", "BE", "DE", "FR", "IT", "AT", "TR")}, scale=PCT),
    **_ev({"PL": "host_taxwedge_2022_pl", "PT": "host_taxwedge_2022_pt", "GB": "host_taxwedge_2021_uk",
           "CH": "host_taxwedge_2019_ch", "US": "host_taxwedge_2014_us"}, scale=PCT),
    **_ev({c: f"host_taxwedge_2017_{c.lower()}" for c in ("EE", "CZ", "LV", "NL", "GR", "HU", "IL")}, scale=PCT),
    # Statutory rates on gross pay where no wedge exists; low end = the special regime relocants use.
    "RS": Source("ev:host_taxrate_rs_pit_salary", scale=PCT,
                 plus=("ev:host_taxrate_rs_ssc_employee", "ev:host_taxrate_rs_ssc_employer")),
    "KZ": Source("ev:host_taxrate_kz_iit", scale=PCT, plus=("ev:host_taxrate_kz_social_tax",)),
    "GE": Source("ev:host_taxrate_ge_pit_standard", scale=PCT, low_ref="ev:host_taxrate_ge_sbs_turnover"),
    "AM": Source("ev:host_taxrate_am_pit_2023", scale=PCT, low_ref="ev:host_taxrate_am_it_cert_pit"),
    "KG": Source("ev:host_taxrate_kg_pit_general", scale=PCT, low_ref="ev:host_taxrate_kg_pit_htp"),
    "ME": Source("ev:host_taxrate_me_pit_kpmg", scale=PCT),
    "AE": Source("ev:host_taxrate_ae_pit", scale=PCT),
    # An OECD member without its own row in the evidence: the OECD average wedge.
    "CA": Source("ev:host_taxwedge_2024_oecd", scale=PCT),
}

_FIRMS = {
    # Firms registered by Russian citizens in 2023 over a stock of Russians there (figure ids in the evidence).
    "KZ": Source("ev:host_firms_ru_founded_2023_kz", divide_by="ev:kz_registered_end2022_bloomberg"),
    "AM": Source("ev:host_firms_ru_founded_2023_am", divide_by="ev:armenia_net_relocation_2022"),
    "ME": Source("ev:host_firms_ru_founded_2023_me", divide_by="ev:montenegro_residence_2023"),
    "TR": Source("ev:host_firms_ru_founded_2023_tr", divide_by="ev:turkey_permit_holders_jan2023"),
    "RS": Source("ev:host_firms_ru_founded_2023_rs", divide_by="ev:serbia_residence_feb2023"),
    "AE": Source("ev:host_firms_ru_founded_2023_ae", divide_by="ev:uae_russians_prewar"),
    "GE": Source("ev:host_ge_ru_companies_monthly", per_year=12, divide_by="ev:georgia_mia_remaining_oct2022"),
}


def _scalar(name: str, unit: str, ref: str, description: str, note: str = "", **kw) -> Rate:
    return Rate(name, unit, description, Source(ref, **kw), note=note)


_RATES: tuple[Rate, ...] = (
    # ---- host countries: work
    Rate("employment_rate_migrants", "share of persons with work rights", "Employment rate of non-EU / foreign-born "
         "migrants aged 20-64 in the place: the probability that a leaver with work rights is employed, before the "
         "education and prior-occupation factors",
         fallback=Source("ev:host_emp_immigrants_2023_oecd", scale=PCT),
         fallback_europe=Source("ev:host_emp_noneu_citizens_2023_eu", scale=PCT), by_place=_EMPLOYMENT,
         note="EU members without a figure take the EU27 rate for non-EU citizens (2023); places outside Europe "
              "without one take the OECD foreign-born rate (2023). Vintages 2018-2023."),
    _scalar("employment_rel_higher_edu", "relative", "as:acct_emp_rel_higher_edu",
            "Employment rate of graduates relative to the place's migrant rate"),
    _scalar("employment_rel_no_higher_edu", "relative", "as:acct_emp_rel_no_higher_edu",
            "Employment rate of non-graduates relative to the place's migrant rate"),
    _scalar("employment_rel_not_employed_before", "relative", "as:acct_emp_rel_not_employed_before",
            "Employment abroad of leavers not employed in Russia, relative to those who were"),
    Rate("work_rights_share_unmodelled", "share of persons abroad", "Share with work rights where the rules model "
         "no residence route for the place and no visa is needed (elsewhere it is the engine's legal status)",
         fallback=Source("as:acct_work_rights_share_unmodelled")),
    # ---- host countries: earnings and taxes
    Rate("host_earnings_eur_year", "EUR/year", "Average gross full-time earnings of an employee in the place",
         fallback=Source("as:acct_earnings_fallback_eur_year"), by_place=_EARNINGS,
         note="Eurostat full-time adjusted salary 2024 for the EU (NL: OECD 2022 PPP); OECD average wages 2022 in "
              "USD for GB, NO, US, CA, IL, CH; national statistics converted at declared rates for ME, RS, GE, AM, KZ, "
              "KG; a wide labelled fallback for TR, UZ, AE, TH, AR and the rest of the world. Nominal, held constant."),
    _scalar("migrant_earnings_ratio", "ratio", "as:acct_migrant_earnings_ratio",
            "Earnings of recent migrants relative to the host average (over-qualification, recognition)"),
    _scalar("earnings_rel_it", "ratio", "as:acct_earnings_rel_it",
            "IT workers' earnings relative to the migrant level"),
    _scalar("earnings_rel_higher_edu", "ratio", "as:acct_earnings_rel_higher_edu",
            "Graduates' (outside IT) earnings relative to the migrant level"),
    _scalar("earnings_rel_no_higher_edu", "ratio", "as:acct_earnings_rel_no_higher_edu",
            "Non-graduates' earnings relative to the migrant level"),
    Rate("tax_wedge", "share of gross earnings", "Income tax and social contributions (employee and employer) on "
         "earnings at the average wage",
         fallback=Source("as:acct_tax_wedge_fallback_other"),
         fallback_europe=Source("ev:host_taxwedge_2024_oecd", scale=PCT), by_place=_TAX,
         note="OECD tax wedges are shares of labour cost; applied to gross earnings they understate taxes where "
              "employer contributions come on top (a lower bound). Statutory rates (RS, KZ, GE, AM, KG, ME, AE) are "
              "on gross pay; their low end is the special regime relocants use (GE small business 1% of turnover, "
              "AM IT certificate, KG High Technology Park). European places and CA without a row take the OECD "
              "average wedge; UZ, TH, AR and the rest of the world a labelled fallback."),
    # ---- host countries: public costs and benefits
    _scalar("govexp_per_capita_eu_eur_year", "EUR/person/year", "ev:host_govexp_percap_2018_eu",
            "General government expenditure per person, EU27 (2018)",
            note="Scaled to a place by its earnings level relative to the EU27 (public services are labour-"
                 "intensive, so their cost follows wages)."),
    _scalar("public_cost_share", "share", "as:acct_public_cost_share",
            "Share of public spending per head an additional adult resident causes (excl. social protection)"),
    _scalar("socprot_per_capita_eu_eur_year", "EUR/person/year", "ev:host_socprot_percap_2023_eu27",
            "Social protection expenditure per inhabitant, EU27 (2023; PPS = EUR at the EU27 level)"),
    _scalar("benefit_share_of_socprot", "share", "as:acct_benefit_share_of_socprot",
            "Share of social protection spending per inhabitant a working-age eligible migrant draws"),
    Rate("benefit_eligible_share", "share of those with a residence route", "Share of leavers on a residence route "
         "whose route grants social benefits (until routes are tracked per person)",
         fallback=Source("as:acct_benefit_eligible_share_other"),
         fallback_europe=Source("as:acct_benefit_eligible_share_europe"),
         note="The same share in every scenario: card holders get no benefits, so the card scenario's benefits are "
              "overstated until routes are tracked per person; account(..., benefit_eligible_share=0) is the other "
              "bound."),
    _scalar("earnings_eu27_eur_year", "EUR/year", "ev:host_earn_eurostat_fte_2024_eu27",
            "EU27 average full-time adjusted salary (the reference for scaling public costs and benefits)"),
    # ---- host countries: firms
    Rate("firms_per_resident_year", "firms per resident per year", "Firms registered by Russians per Russian resident "
         "per year", fallback=Source("as:acct_firm_rate_fallback"), by_place=_FIRMS,
         note="Registrations in 2023 (Georgia: monthly average 2022-03..2023-06) over a stock of Russians there; the "
              "stocks are permit holders (RS, ME, TR: fewer than residents, so the rate is high), net arrivals (AM, "
              "KZ, GE) or the pre-war stock (AE). Registrations include individual entrepreneurs used as tax "
              "vehicles for remote work."),
    # ---- Russia
    _scalar("ru_rub_per_usd_2022", "RUB per USD", "ev:ru_usdrub_avg_2022",
            "Average rouble rate 2022, to convert 2022 incomes (times the run's USD per EUR)"),
    _scalar("ru_labour_share_gdp", "share of GDP", "as:acct_ru_labour_share_gdp",
            "Compensation of employees / GDP: output lost per rouble of earnings lost is 1 / this"),
    _scalar("ru_pit_rate", "share of gross earnings", "ev:ru_pit_rate_base_2021_2024", "Personal income tax (NDFL)",
            scale=PCT, note="Base rate; the 2025 progressive brackets (ru_pit_2025_b*) are left for later."),
    _scalar("ru_sic_rate", "share of gross earnings", "ev:ru_sic_rate_general",
            "Unified social insurance contributions (employer), within the base", scale=PCT),
    _scalar("ru_sic_rate_it", "share of gross earnings", "ev:ru_sic_it_2022_2025",
            "Reduced contributions of accredited IT companies (2022-2025)", scale=PCT),
    _scalar("ru_not_employed_in_labour_force", "share", "as:acct_ru_not_employed_in_labour_force",
            "Share of leavers not employed in Russia who were in its labour force (job seekers)"),
)

RATES: dict[str, Rate] = {rate.name: rate for rate in _RATES}


def all_refs() -> set[str]:
    return {ref for rate in _RATES for ref in rate.refs()}


def resolve(params: dict[str, float]) -> dict[str, ResolvedRate]:
    """Every rate as arrays over ``geo.PLACES`` (Russia's entry is the fallback and is not used for host rates)."""
    resolved: dict[str, ResolvedRate] = {}
    for rate in _RATES:
        values = np.empty((3, geo.N_PLACES))
        labels = []
        cache: dict[Source, tuple[float, float, float]] = {}
        for i, code in enumerate(geo.PLACES):
            source, how = rate.source_for(code)
            if source not in cache:
                try:
                    cache[source] = source.resolve(params)
                except InputError as exc:
                    raise InputError(f"accounting rate {rate.name} ({code}): {exc}") from None
            values[:, i] = cache[source]
            varies = bool(rate.by_place) or rate.fallback_europe is not None
            labels.append(source.ref if how == "own" or not varies else f"{source.ref} ({how})")
        resolved[rate.name] = ResolvedRate(rate.name, rate.unit, values[0], values[1], values[2], tuple(labels))
    return resolved


def table(params: dict[str, float]) -> "pd.DataFrame":  # noqa: F821 - pandas imported lazily
    """The resolved declarations as a tidy table (rate, geo, value, low, high, unit, source) for reports."""
    import pandas as pd

    rows = []
    for name, r in resolve(params).items():
        places = geo.PLACES if RATES[name].by_place or RATES[name].fallback_europe else ("RU",)
        for code in places:
            i = geo.index(code)
            rows.append({"rate": name, "geo": code if len(places) > 1 else "ALL", "value": r.value[i],
                         "low": r.low[i], "high": r.high[i], "unit": r.unit, "source": r.source[i]})
    return pd.DataFrame(rows)
