"""The person a route is evaluated against: a typed schema (pydantic) and its flat attributes.

Input: a JSON/dict person (``Person``), e.g. from ``relokant eligibility PERSON.json``. Output: ``flatten(person,
on)`` -> {flat attribute name: value}, the names conditions use (``attr("lang.de")``, ``attr("salary_annual_eur")``).
``ATTRIBUTES`` declares every flat attribute once with its default, so a population that lacks one (the engine's
synthetic adults have no job offers) is evaluated with the default: what the person has not shown does not count.

Money conversion rules (documented once, here):
- a salary's ``period`` is 'year' or 'month'; annual = monthly x ``payments_per_year`` (12 by default, 14 where
  salaries include two special payments, as in Austria); monthly = annual / ``payments_per_year``;
- currencies convert through EUR: RUB and USD with the evidence's rates, PLN, CZK, HUF with labelled assumptions;
- funds with ``period: month`` are a monthly amount; a lump sum (``period: total``) counts as 12 months of funds
  (the Chancenkarte's proof covers its one-year validity).
Language levels are CEFR: none, A1 ... C2, compared as ordinals (``B1`` = 3).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from relokant import evidence, geo
from relokant.errors import InputError

CEFR = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
A1, A2, B1, B2, C1, C2 = range(1, 7)
EU_EEA_CH = (*geo.EU27, "IS", "LI", "NO", "CH")

# Currency units per EUR (how many units one euro buys).
_PER_EUR = {
    "EUR": lambda: 1.0,
    "USD": lambda: evidence.value("ev:ru_eurusd_avg_2023"),
    "RUB": lambda: evidence.value("ev:ru_eurrub_2024_07_28"),
    "PLN": lambda: evidence.value("as:fx_pln_per_eur"),
    "CZK": lambda: evidence.value("as:fx_czk_per_eur"),
    "HUF": lambda: evidence.value("as:fx_huf_per_eur"),
}
Currency = Literal["EUR", "USD", "RUB", "PLN", "CZK", "HUF"]

_Strict = ConfigDict(extra="forbid")


def per_eur(currency: str) -> float:
    return _PER_EUR[currency]()


class Money(BaseModel):
    model_config = _Strict
    amount: float = Field(ge=0)
    currency: Currency = "EUR"
    period: Literal["year", "month", "total"] = "year"
    payments_per_year: int = Field(12, ge=12, le=15)

    def eur(self) -> float:
        return self.amount / per_eur(self.currency)

    def annual_eur(self) -> float:
        if self.period == "month":
            return self.eur() * self.payments_per_year
        return self.eur()

    def monthly_eur(self) -> float:
        if self.period == "month":
            return self.eur()
        return self.eur() / (12 if self.period == "total" else self.payments_per_year)


class Education(BaseModel):
    model_config = _Strict
    level: Literal["none", "secondary", "vocational", "bachelor", "master", "doctorate"] = "secondary"
    vocational_training_years: float = Field(0, ge=0, le=10)
    recognised_in_issuing_country: bool = True
    graduation_year: int | None = Field(None, ge=1940, le=2100)
    recognition: dict[str, Literal["none", "partial", "full"]] = Field(
        default_factory=dict, description="recognition of the qualification by host country, e.g. {'DE': 'partial'}")


class Work(BaseModel):
    model_config = _Strict
    isco: str = Field("", pattern=r"^\d{0,4}$", description="ISCO-08 code, e.g. '2512' software developers")
    shortage_occupation: bool = False
    years_last5: float = Field(0, ge=0, le=5)
    years_last7: float = Field(0, ge=0, le=7)
    it_years_last7: float = Field(0, ge=0, le=7)
    employed_or_business: bool = False


class JobOffer(BaseModel):
    model_config = _Strict
    country: str
    salary: Money
    contract_months: int = Field(12, ge=0, le=600)
    sector: str = ""
    employer: str = Field("", description="e.g. 'foreign_interest_company' (Cyprus)")
    employer_tcn_share: float = Field(0, ge=0, le=1, description="share of the employer owned by non-EU nationals")
    employer_foreign_capital_eur: float = Field(0, ge=0)
    role: str = Field("", description="position offered, e.g. 'director', 'senior_manager', 'support_staff' "
                                      "(Cyprus BFU categories)")


class Stay(BaseModel):
    model_config = _Strict
    country: str
    months: float = Field(0, ge=0, le=600, description="lawful months in the country within the last 5 years")
    purpose: Literal["tourism", "study", "work", "family", "research", "other"] = "other"


class CurrentStay(BaseModel):
    model_config = _Strict
    country: str
    continuous_days: int = Field(0, ge=0, le=10_000)
    days_in_last_180: int = Field(0, ge=0, le=180)
    has_residence_permit: bool = False
    residence_permit_applied: bool = False


class Investment(BaseModel):
    model_config = _Strict
    country: str
    kind: str = Field(description="e.g. real_estate, investment_fund, listed_building_restoration, "
                                  "donation_higher_education, residential_property, real_estate_fund_units")
    value_eur: float = Field(ge=0)
    zone: str = ""
    single_property: bool = True
    purchase_date: dt.date | None = None
    hold_years: float = Field(0, ge=0)
    fund_maturity_years: float = Field(0, ge=0)
    share_in_domestic_companies: float = Field(0, ge=0, le=1)
    area_sqm: float = Field(0, ge=0, description="main area of a property, m² (Greece from 2024-09-01)")
    deposit_date: dt.date | None = Field(None, description="date a deposit on the purchase was paid "
                                       "(Greek 2023 transitional rule)")


class Status(BaseModel):
    """Permits, records and circumstances that routes ask about."""

    model_config = _Strict
    eu_residence_permit: bool = False
    residence_permit_country: str = ""
    permit_kind: str = ""
    permit_months: int = Field(0, ge=0)
    pension_contribution_months: int = Field(0, ge=0)
    clean_record: bool = True
    absence_days_last_12m: int = Field(0, ge=0, le=366)
    continuous_months_before_application: int = Field(0, ge=0)
    cumulative_years_last_10y: float = Field(0, ge=0, le=10)
    lv_permanent_permit: bool = False
    former_lv_citizen_or_noncitizen: bool = False
    lv_a2_test_registered: bool = False
    lv_applied_eu_long_term: bool = False
    mobilised_with_proof: bool = False
    deserted: bool = False
    individually_at_risk: bool = False
    at_risk_profile: str = ""
    deposits_at_bank_eur: float = Field(0, ge=0)
    total_assets_eur: float = Field(0, ge=0)
    financial_assets_eur: float = Field(0, ge=0)


class Trip(BaseModel):
    """An intended entry: purpose, visa held and the kind of crossing."""

    model_config = _Strict
    purpose: Literal["tourism", "business", "family", "work", "study", "humanitarian", "transit", "other"] = "other"
    visa: Literal["none", "schengen_c", "national_d", "visa_on_arrival"] = "none"
    crossing: Literal["air", "land", "sea"] = "air"
    days: int = Field(0, ge=0, le=10_000, description="intended length of the stay in days, arriving on the "
                                                  "evaluation date (visa-free stay limits)")


class Person(BaseModel):
    model_config = _Strict
    age: int = Field(ge=0, le=120)
    nationalities: list[str] = Field(default_factory=lambda: ["RU"], min_length=1)
    education: Education = Education()
    languages: dict[str, Literal["none", "A1", "A2", "B1", "B2", "C1", "C2"]] = Field(
        default_factory=dict, description="ISO 639-1 code -> CEFR level, e.g. {'de': 'B1', 'en': 'C1'}")
    work: Work = Work()
    job_offer: JobOffer | None = None
    funds: Money | None = None
    prior_stays: list[Stay] = Field(default_factory=list)
    current_stay: CurrentStay | None = None
    investment: Investment | None = None
    status: Status = Status()
    trip: Trip = Trip()
    partner_qualifies_jointly: bool = False
    children: int = Field(0, ge=0, le=20)
    housing: Literal["none", "rent", "own"] = "none"
    share_of_time_in_issuing_state: float = Field(0, ge=0, le=1)
    spouse: bool = Field(False, description="an accompanying spouse or partner")
    dependent_parents: int = Field(0, ge=0, le=4)

    @field_validator("nationalities")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        for code in values:
            if len(code) != 2 or not code.isupper():
                raise ValueError(f"expected ISO 3166-1 alpha-2 codes like 'RU', got {code!r}")
        return values


# Every flat attribute once: name -> (default, meaning). Vectorized evaluation fills missing columns with these.
ATTRIBUTES: dict[str, tuple[object, str]] = {
    "age": (0, "age in years"),
    "nationalities": (("RU",), "citizenships"),
    "ru_citizen": (True, "holds Russian citizenship"),
    "eu_citizen": (False, "holds an EU/EEA/Swiss citizenship"),
    "higher_education": (False, "holds a university degree"),
    "vocational_2y": (False, "vocational qualification with at least 2 years of training"),
    "qualification_recognised_at_home": (False, "degree or vocational qualification state-recognised at home"),
    "degree_within_3y": (False, "graduated within the last 3 years"),
    "it_specialist": (False, "ICT manager or professional (ISCO 133 or 25)"),
    "shortage_occupation": (False, "occupation on a shortage list"),
    "experience_years_last5": (0.0, "qualified work experience in the last 5 years"),
    "experience_years_last7": (0.0, "qualified work experience in the last 7 years"),
    "it_experience_years_last7": (0.0, "IT work experience in the last 7 years"),
    "employed_or_business": (False, "employed or running a business"),
    "job_offer": (False, "has a job offer or contract"),
    "job_country": ("", "country of the job offer"),
    "salary_annual_eur": (0.0, "gross annual salary of the offer, EUR"),
    "salary_monthly_eur": (0.0, "gross monthly salary of the offer, EUR"),
    "contract_months": (0, "duration of the offered contract"),
    "job_sector": ("", "sector of the offer"),
    "employer": ("", "kind of employer"),
    "employer_tcn_share": (0.0, "employer's share owned by non-EU nationals"),
    "employer_foreign_capital_eur": (0.0, "employer's foreign capital, EUR"),
    "job_role": ("", "position offered (e.g. 'director', 'senior_manager', 'support_staff')"),
    "funds_eur_month": (0.0, "means of subsistence per month, EUR"),
    "funds_eur": (0.0, "liquid funds, EUR"),
    "stay_country": ("", "country of the current stay"),
    "stay_continuous_days": (0, "days of the current continuous stay"),
    "stay_days_last_180": (0, "days present in the last 180"),
    "stay_has_residence_permit": (False, "holds a residence permit where staying"),
    "stay_permit_applied": (False, "applied for a residence permit where staying"),
    "stay_arrival_date": (dt.date.min, "first day of the current stay (evaluation date minus its continuous days)"),
    "investment": (False, "plans or holds a qualifying investment"),
    "investment_country": ("", "country of the investment"),
    "investment_kind": ("", "kind of investment"),
    "investment_eur": (0.0, "value of the investment, EUR"),
    "investment_zone": ("", "zone or area of a property"),
    "investment_single_property": (True, "the investment is one property"),
    "investment_purchase_date": (dt.date.min, "date of purchase"),
    "investment_hold_years": (0.0, "years the investment is held"),
    "investment_fund_maturity_years": (0.0, "maturity of a fund"),
    "investment_domestic_share": (0.0, "fund share invested in domestic companies"),
    "partner_qualifies_jointly": (False, "partner also qualifies and applies jointly"),
    "children": (0, "children"),
    "housing": ("none", "rents or owns housing"),
    "share_of_time_in_issuing_state": (0.0, "share of time spent in the card's issuing state"),
    "language_count_b1": (0, "foreign languages (not Russian) at B1 or above"),
    "foreign_language_max_level": (0, "highest CEFR level (ordinal) of a language other than Russian"),
    "investment_area_sqm": (0.0, "main area of the property, m²"),
    "investment_deposit_date": (dt.date.max, "date a deposit on the purchase was paid (never: date.max)"),
    "spouse": (False, "an accompanying spouse or partner"),
    "dependent_parents": (0, "dependent parents included in the application"),
}
_STATUS_FIELDS = tuple(Status.model_fields)
for _name in _STATUS_FIELDS:
    ATTRIBUTES[_name] = (Status.model_fields[_name].default, Status.model_fields[_name].description or _name)
for _name in Trip.model_fields:
    ATTRIBUTES[f"trip_{_name}"] = (Trip.model_fields[_name].default, f"intended entry: {_name}")


def language(level: str) -> int:
    return CEFR.index(level)


def flatten(person: Person, on: dt.date) -> dict[str, object]:
    """The flat attributes of a person at a date (language and recognition keys are added per code present)."""
    flat: dict[str, object] = {name: default for name, (default, _) in ATTRIBUTES.items()}
    edu, work, offer = person.education, person.work, person.job_offer
    flat.update(
        age=person.age, nationalities=tuple(person.nationalities), ru_citizen="RU" in person.nationalities,
        eu_citizen=any(c in EU_EEA_CH for c in person.nationalities),
        higher_education=edu.level in ("bachelor", "master", "doctorate"),
        vocational_2y=edu.level == "vocational" and edu.vocational_training_years >= 2,
        qualification_recognised_at_home=edu.level in ("bachelor", "master", "doctorate", "vocational")
        and edu.recognised_in_issuing_country,
        degree_within_3y=edu.graduation_year is not None and on.year - edu.graduation_year <= 3,
        it_specialist=work.isco.startswith("25") or work.isco.startswith("133"),
        shortage_occupation=work.shortage_occupation, experience_years_last5=work.years_last5,
        experience_years_last7=work.years_last7, it_experience_years_last7=work.it_years_last7,
        employed_or_business=work.employed_or_business,
        partner_qualifies_jointly=person.partner_qualifies_jointly, children=person.children,
        housing=person.housing, share_of_time_in_issuing_state=person.share_of_time_in_issuing_state,
        language_count_b1=sum(1 for code, level in person.languages.items()
                              if code != "ru" and language(level) >= B1),
        foreign_language_max_level=max((language(level) for code, level in person.languages.items()
                                        if code != "ru"), default=0),
        spouse=person.spouse, dependent_parents=person.dependent_parents,
    )
    for code, level in person.languages.items():
        flat[f"lang.{code}"] = language(level)
    for country, level in edu.recognition.items():
        flat[f"recognition.{country}"] = level
    if offer is not None:
        flat.update(job_offer=True, job_country=offer.country, salary_annual_eur=offer.salary.annual_eur(),
                    salary_monthly_eur=offer.salary.monthly_eur(), contract_months=offer.contract_months,
                    job_sector=offer.sector, employer=offer.employer, employer_tcn_share=offer.employer_tcn_share,
                    employer_foreign_capital_eur=offer.employer_foreign_capital_eur, job_role=offer.role)
    if person.funds is not None:
        flat.update(funds_eur_month=person.funds.monthly_eur(),
                    # a monthly amount over a year; a yearly amount or a lump sum as it is
                    funds_eur=person.funds.eur() * (12 if person.funds.period == "month" else 1))
    for stay in person.prior_stays:
        if stay.purpose != "tourism":  # tourist stays never count as lawful residence
            key = f"prior_stay_months.{stay.country}"
            flat[key] = flat.get(key, 0) + stay.months
    if person.current_stay is not None:
        s = person.current_stay
        flat.update(stay_country=s.country, stay_continuous_days=s.continuous_days,
                    stay_days_last_180=s.days_in_last_180, stay_has_residence_permit=s.has_residence_permit,
                    stay_permit_applied=s.residence_permit_applied)
        flat["stay_arrival_date"] = on - dt.timedelta(days=s.continuous_days)
    if person.investment is not None:
        inv = person.investment
        flat.update(investment=True, investment_country=inv.country, investment_kind=inv.kind,
                    investment_eur=inv.value_eur, investment_zone=inv.zone,
                    investment_single_property=inv.single_property,
                    investment_purchase_date=inv.purchase_date or on, investment_hold_years=inv.hold_years,
                    investment_fund_maturity_years=inv.fund_maturity_years,
                    investment_domestic_share=inv.share_in_domestic_companies,
                    investment_area_sqm=inv.area_sqm,
                    investment_deposit_date=inv.deposit_date or dt.date.max)
    flat.update({name: getattr(person.status, name) for name in _STATUS_FIELDS})
    flat.update({f"trip_{name}": getattr(person.trip, name) for name in Trip.model_fields})
    return flat


def default_for(name: str):
    """Default of a flat attribute, including the per-code families (languages, recognition, prior stays)."""
    if name in ATTRIBUTES:
        return ATTRIBUTES[name][0]
    if name.startswith(("lang.", "prior_stay_months.")):
        return 0
    if name.startswith("recognition."):
        return "none"
    raise KeyError(f"unknown person attribute {name!r}")


def parse_person(data: object, where: str = "person") -> Person:
    """A validated ``Person``; any problem is one ``InputError`` line with the field path."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object with the person's fields, got {type(data).__name__}")
    try:
        return Person.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        path = ".".join(str(p) for p in error["loc"]) or "(top level)"
        message = "unknown field" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")
        given = f" (got {error['input']!r})" if error["type"] not in ("extra_forbidden", "missing") else ""
        raise InputError(f"{where}: {path}: {message}{given}") from None
