"""The SYNTHETIC demo survey: made-up respondents drawn from published survey marginals, with a deliberate bias.

Public microdata of the emigrant surveys (OutRush, RANEPA, ZOiS, CASE, OK Russians) are not available offline, so the
package ships a clearly labelled synthetic survey in the real survey shape, generated here, to show and test
weighting and profiles. Nothing in it is a real person or a real answer.

Inputs: ``seed`` and ``respondents``; the evidence figures and labelled ``as:survey_demo_*`` assumptions in
``GENERATING``. Outputs: ``generate(seed, respondents) -> Demo`` (the respondents as a DataFrame, the margins YAML
text, and ``truth``: every profile statistic of the population the demo stands for, computed exactly), ``render``
(the CSV text, byte for byte what is shipped) and ``write(folder)``. The shipped files are
``data/demo_survey.csv`` and ``data/demo_margins.yaml`` (``DEMO_SURVEY``, ``DEMO_MARGINS``); a test regenerates them.

Method:
1. The generating population: country of residence from RANEPA's first destinations (RAN_DEST_*, the rest as XX),
   sex and age bands (OKR_11 under 35, KOV_01 under 45, split by assumptions), independent of each other; single
   years uniform inside a band. Given those: a degree (OKR_10 overall, fewer at 18-24), IT work (OKR_12 overall; ZOiS
   27% in Georgia, 37% in Armenia, OutRush at least 50% in Serbia; more often men, graduates, 25-44, with the
   population's ``as:it_odds_*``), self-employment (BCSP_02, more often IT) or owning a firm (assumed), region of
   origin (ZOIS_05 from cities over a million; Moscow and St Petersburg as TBE_01, TBE_02), a partner (SK_01, more
   often 30+), children (SK_02, more often 35+), the departure month (waves by assumption). Every intercept is
   solved so the population shares equal the evidence exactly.
2. The deliberate selection bias (``SELECTION``): an online survey reaches the young, men and the Serbian, Georgian
   and Armenian hubs far more than Kazakhstan and scattered destinations. Selection depends only on country, sex and
   age band, the variables the demo margins know: the case where raking removes the bias. IT workers come out
   over-represented because they are younger, more often men and concentrated in the over-reached hubs. A real
   online survey also selects on things no margin knows (politics, networks), which no weighting can repair.
3. Item non-response (``NONRESPONSE``): a few blank answers, missing completely at random.

Draws come from named counter-based streams keyed on (seed, stream name), as in the population synthesis.
"""

from __future__ import annotations

import textwrap
import zlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit

from relokant.errors import InputError
from relokant.evidence import sourced
from relokant.population.schema import REGIONS
from relokant.survey.microdata import ENTREPRENEUR
from relokant.survey.profile import grouped_median

DEMO_SEED = 20240611  # the day the CASE report and op-ed were presented: any fixed seed would do
DEMO_RESPONDENTS = 2000  # the size of a typical online emigrant survey wave (OR_01 1,500; RAN_01 3,459)
_DATA = resources.files("relokant.survey") / "data"
DEMO_SURVEY = _DATA / "demo_survey.csv"
DEMO_MARGINS = _DATA / "demo_margins.yaml"

PERCENT = 0.01
AGES = np.arange(18, 70)  # the demo's respondents are adults 18-69, the synthetic population's range
AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69))
IT_PRIME_AGES = (25, 44)  # the band of as:it_odds_age_25_44
PARTNER_AGE = 30  # the age of as:survey_demo_partner_odds_age_30_plus
CHILDREN_AGE = 35  # the age of as:survey_demo_children_odds_age_35_plus
DEGREE_AGE = 25  # under this age, as:survey_demo_higher_edu_odds_18_24 applies

# Countries of residence: RANEPA's seven largest first destinations; the rest of the sample is XX (elsewhere).
COUNTRY_REFS = {"GE": "ev:RAN_DEST_GEORGIA", "KZ": "ev:RAN_DEST_KAZAKHSTAN", "AM": "ev:RAN_DEST_ARMENIA",
                "IL": "ev:RAN_DEST_ISRAEL", "TR": "ev:RAN_DEST_TURKEY", "DE": "ev:RAN_DEST_GERMANY",
                "RS": "ev:RAN_DEST_SERBIA"}
REST = "XX"
# IT shares by country where a survey gives one; OR_27 is a lower bound ('more than half'), used at its bound.
IT_BY_COUNTRY = {"GE": "ev:ZOIS_06", "AM": "ev:ZOIS_07", "RS": "ev:OR_27"}

GENERATING = {
    "male_share": "as:survey_demo_male_share",
    "under_35": "ev:OKR_11",
    "under_45": "ev:KOV_01",
    "age_18_24_of_under_35": "as:survey_demo_age_18_24_of_under_35",
    "age_55_69_of_45_plus": "as:survey_demo_age_55_69_of_45_plus",
    "higher_edu": "ev:OKR_10",
    "higher_edu_odds_18_24": "as:survey_demo_higher_edu_odds_18_24",
    "it": "ev:OKR_12",
    "it_odds_male": "as:it_odds_male",
    "it_odds_higher_edu": "as:it_odds_higher_edu",
    "it_odds_age_25_44": "as:it_odds_age_25_44",
    "self_employed": "ev:BCSP_02",
    "self_employed_odds_it": "as:survey_demo_self_employed_odds_it",
    "business_owner": "as:survey_demo_business_owner_share",
    "big_city": "ev:ZOIS_05",
    "moscow": "ev:TBE_01",
    "st_petersburg": "ev:TBE_02",
    "partner": "ev:SK_01",
    "partner_odds_30_plus": "as:survey_demo_partner_odds_age_30_plus",
    "no_children": "ev:SK_02",
    "children_odds_35_plus": "as:survey_demo_children_odds_age_35_plus",
    "two_plus_children": "as:survey_demo_two_plus_children_share",
    "left_spring_2022": "as:survey_demo_left_spring_2022_share",
    "left_autumn_2022": "as:survey_demo_left_autumn_2022_share",
}
_PERCENT_REFS = {"under_35", "under_45", "higher_edu", "it", "self_employed", "big_city", "moscow", "st_petersburg",
                 "partner", "no_children"}

# Departure waves: months in each (the first wave from the invasion, the mobilization wave, everything else).
WAVE_MONTHS = {
    "spring_2022": ("2022-02", "2022-03", "2022-04"),
    "autumn_2022": ("2022-09", "2022-10"),
    "other": ("2022-05", "2022-06", "2022-07", "2022-08", "2022-11", "2022-12",
              *(f"2023-{m:02d}" for m in range(1, 13))),
}


@dataclass(frozen=True)
class Selection:
    """Sampling design of the demo, not a model number: relative chance to be reached by the online survey."""

    factor: float
    why: str


SELECTION = {
    ("country", "RS"): Selection(3.0, "Serbia's Russian community runs very active online channels and chats"),
    ("country", "GE"): Selection(2.0, "a hub with dense Telegram communities, where online surveys recruit"),
    ("country", "AM"): Selection(2.5, "a hub with dense Telegram communities, where online surveys recruit"),
    ("country", "KZ"): Selection(0.4, "many mobilization-wave leavers in Kazakhstan moved on or went back quickly"),
    ("country", REST): Selection(0.6, "scattered destinations have fewer community channels"),
    ("sex", "male"): Selection(1.8, "IT and relocation chats, where such surveys are posted, are mostly male"),
    ("age", "18-24"): Selection(1.5, "online recruitment reaches the young"),
    ("age", "25-34"): Selection(2.0, "online recruitment reaches the young"),
    ("age", "45-54"): Selection(0.5, "older emigrants are less present in online channels"),
    ("age", "55-69"): Selection(0.3, "older emigrants are less present in online channels"),
}

# Share of blank answers per column, missing completely at random (design of the demo, not a model number).
NONRESPONSE = {"higher_edu": 0.02, "it": 0.01, "entrepreneur": 0.04, "region_origin": 0.01, "partner": 0.02,
               "children": 0.03, "left": 0.01}

CSV_COLUMNS = ("respondent_id", "age", "sex", "higher_edu", "it", "entrepreneur", "region_origin", "partner",
               "children", "country", "left", "synthetic")


def _value(key: str) -> float:
    value = sourced(GENERATING[key]).value
    return value * PERCENT if key in _PERCENT_REFS else value


def _band_label(band: tuple[int, int]) -> str:
    return f"{band[0]}-{band[1]}"


@dataclass(frozen=True)
class Generating:
    """The population the demo stands for: marginal shares, and the solved intercepts of the conditional models."""

    country: dict[str, float]
    male: float
    age_bands: dict[str, float]
    age: np.ndarray  # P(age) for AGES
    edu_intercept: float
    it_intercepts: dict[str, float]
    self_employed_intercept: float
    region: dict[str, float]
    partner_intercept: float
    children_intercept: float

    # Conditional probabilities (vectorized over respondents or cells).
    def p_higher_edu(self, age: np.ndarray) -> np.ndarray:
        return expit(self.edu_intercept + np.log(_value("higher_edu_odds_18_24")) * (age < DEGREE_AGE))

    def p_it(self, country: np.ndarray, male: np.ndarray, age: np.ndarray, edu: np.ndarray) -> np.ndarray:
        intercept = np.array([self.it_intercepts.get(c, self.it_intercepts[REST]) for c in country])
        prime = (age >= IT_PRIME_AGES[0]) & (age <= IT_PRIME_AGES[1])
        return expit(intercept + np.log(_value("it_odds_male")) * male
                     + np.log(_value("it_odds_higher_edu")) * edu + np.log(_value("it_odds_age_25_44")) * prime)

    def p_self_employed(self, it: np.ndarray) -> np.ndarray:
        """Among those who do not own a firm."""
        return expit(self.self_employed_intercept + np.log(_value("self_employed_odds_it")) * it)

    def p_partner(self, age: np.ndarray) -> np.ndarray:
        return expit(self.partner_intercept + np.log(_value("partner_odds_30_plus")) * (age >= PARTNER_AGE))

    def p_children(self, age: np.ndarray) -> np.ndarray:
        return expit(self.children_intercept + np.log(_value("children_odds_35_plus")) * (age >= CHILDREN_AGE))


def _solve(mean_of, target: float, what: str) -> float:
    """The intercept at which the population mean of a logit model equals ``target``."""
    if not 0.0 < target < 1.0:
        raise InputError(f"demo survey: target share for {what} ({target:g}) must lie strictly between 0 and 1")
    return brentq(lambda a: mean_of(a) - target, -30.0, 30.0, xtol=1e-12)


def _cells(country: dict[str, float], male: float, age: np.ndarray):
    """Every (country, sex, age, degree) cell of the generating population with its probability."""
    c, s, a, e = np.meshgrid(np.arange(len(country)), np.array([0, 1]), np.arange(len(AGES)), np.array([0, 1]),
                             indexing="ij")
    codes = np.array(list(country))
    return codes[c.ravel()], s.ravel(), AGES[a.ravel()], e.ravel(), (
        np.array(list(country.values()))[c.ravel()] * np.where(s.ravel() == 1, male, 1 - male) * age[a.ravel()])


def generating() -> Generating:
    """The generating population, every share from ``GENERATING`` and intercepts solved to hit them exactly."""
    country = {code: sourced(ref).value * PERCENT for code, ref in COUNTRY_REFS.items()}
    country[REST] = 1.0 - sum(country.values())
    if country[REST] <= 0:
        raise InputError("demo survey: the RAN_DEST_* shares leave nothing for the rest of the world")
    under_35, under_45 = _value("under_35"), _value("under_45")
    young = _value("age_18_24_of_under_35")
    old = _value("age_55_69_of_45_plus")
    bands = dict(zip(map(_band_label, AGE_BANDS), (under_35 * young, under_35 * (1 - young), under_45 - under_35,
                                                    (1 - under_45) * (1 - old), (1 - under_45) * old)))
    age = np.concatenate([np.full(high - low + 1, share / (high - low + 1))
                          for (low, high), share in zip(AGE_BANDS, bands.values())])
    male = _value("male_share")

    odds_young = np.log(_value("higher_edu_odds_18_24"))
    edu_intercept = _solve(lambda a0: float((age * expit(a0 + odds_young * (AGES < DEGREE_AGE))).sum()),
                           _value("higher_edu"), "higher education")
    draft = Generating(country, male, bands, age, edu_intercept, {}, 0.0, {}, 0.0, 0.0)
    cell_country, cell_male, cell_age, cell_edu, cell_p = _cells(country, male, age)
    p_edu = draft.p_higher_edu(cell_age)
    cell_p = cell_p * np.where(cell_edu == 1, p_edu, 1 - p_edu)

    def it_share(intercepts: dict[str, float], where: np.ndarray) -> float:
        probe = Generating(country, male, bands, age, edu_intercept, intercepts, 0.0, {}, 0.0, 0.0)
        p = probe.p_it(cell_country[where], cell_male[where], cell_age[where], cell_edu[where])
        return float((cell_p[where] * p).sum() / cell_p[where].sum())

    intercepts: dict[str, float] = {}
    for code, ref in IT_BY_COUNTRY.items():
        where = cell_country == code
        intercepts[code] = _solve(lambda a0, w=where, c=code: it_share({**intercepts, c: a0, REST: 0.0}, w),
                                  sourced(ref).value * PERCENT, f"IT in {code}")
    rest = ~np.isin(cell_country, list(IT_BY_COUNTRY))
    fixed = sum(country[c] * it_share(intercepts | {REST: 0.0}, cell_country == c) for c in IT_BY_COUNTRY)
    rest_share = sum(country[c] for c in country if c not in IT_BY_COUNTRY)
    intercepts[REST] = _solve(lambda a0: it_share({**intercepts, REST: a0}, rest),
                              (_value("it") - fixed) / rest_share, "IT outside GE, AM, RS")
    draft = Generating(country, male, bands, age, edu_intercept, intercepts, 0.0, {}, 0.0, 0.0)
    p_it = draft.p_it(cell_country, cell_male, cell_age, cell_edu)
    share_it = float((cell_p * p_it).sum())
    odds_it = np.log(_value("self_employed_odds_it"))
    self_employed_intercept = _solve(
        lambda a0: share_it * float(expit(a0 + odds_it)) + (1 - share_it) * float(expit(a0)),
        _value("self_employed") / (1.0 - _value("business_owner")), "self-employment")

    big_city, moscow, st_petersburg = _value("big_city"), _value("moscow"), _value("st_petersburg")
    region = {"moscow": moscow, "st_petersburg": st_petersburg, "large_city": big_city - moscow - st_petersburg,
              "rest": 1.0 - big_city}
    if min(region.values()) <= 0:
        raise InputError("demo survey: ZOIS_05, TBE_01 and TBE_02 leave no share for other large cities")
    partner_odds = np.log(_value("partner_odds_30_plus"))
    partner_intercept = _solve(lambda a0: float((age * expit(a0 + partner_odds * (AGES >= PARTNER_AGE))).sum()),
                               _value("partner"), "partner")
    children_odds = np.log(_value("children_odds_35_plus"))
    children_intercept = _solve(lambda a0: float((age * expit(a0 + children_odds * (AGES >= CHILDREN_AGE))).sum()),
                                1.0 - _value("no_children"), "children")
    return Generating(country, male, bands, age, edu_intercept, intercepts, self_employed_intercept,
                      {k: region[k] for k in REGIONS}, partner_intercept, children_intercept)


def truth(gen: Generating | None = None) -> dict[str, float]:
    """Every profile statistic of the generating population, exactly (what a perfect weighting would recover).

    Keys are ``relokant.survey.profile.STATISTICS`` names; the median is computed as the profile computes it
    (``grouped_median``).
    """
    gen = gen or generating()
    age_p = gen.age
    working = (AGES >= 25) & (AGES <= 64)
    cell_country, cell_male, cell_age, cell_edu, cell_p = _cells(gen.country, gen.male, age_p)
    p_edu = gen.p_higher_edu(cell_age)
    cell_p = cell_p * np.where(cell_edu == 1, p_edu, 1 - p_edu)
    share_it = float((cell_p * gen.p_it(cell_country, cell_male, cell_age, cell_edu)).sum())
    owner = _value("business_owner")
    self_employed = (1 - owner) * (share_it * gen.p_self_employed(np.array([1]))[0]
                                   + (1 - share_it) * gen.p_self_employed(np.array([0]))[0])
    return {
        "mean_age": float((age_p * AGES).sum()),
        "median_age": grouped_median(AGES, age_p),
        "higher_edu": float((age_p * gen.p_higher_edu(AGES)).sum()),
        "higher_edu_25_64": float((age_p * gen.p_higher_edu(AGES))[working].sum() / age_p[working].sum()),
        "it": share_it,
        "entrepreneur": float(owner + self_employed),
        "partner": float((age_p * gen.p_partner(AGES)).sum()),
        "children": float((age_p * gen.p_children(AGES)).sum()),
    }


def _stream(seed: int, name: str) -> np.random.Generator:
    # One counter-based stream per column, keyed by name: changing one column's model never shifts another's draws.
    return np.random.Generator(np.random.Philox(np.random.SeedSequence([seed, zlib.crc32(name.encode())])))


def _selected(shares: dict[str, float], dimension: str) -> tuple[list[str], np.ndarray]:
    """The categories of one dimension and their shares among respondents: population share x selection factor."""
    keys = list(shares)
    tilted = np.array([shares[k] * SELECTION.get((dimension, k), Selection(1.0, "")).factor for k in keys])
    return keys, tilted / tilted.sum()


@dataclass(frozen=True)
class Demo:
    """A generated demo survey: the respondents, the margins YAML text, the exact truth, and the seed."""

    frame: pd.DataFrame
    margins_yaml: str
    truth: dict[str, float]
    seed: int


def generate(seed: int = DEMO_SEED, respondents: int = DEMO_RESPONDENTS) -> Demo:
    """Draw the demo survey: ``respondents`` made-up people as an online survey with ``SELECTION`` would reach."""
    if respondents < 100:
        raise InputError(f"demo survey: respondents must be at least 100, got {respondents}")
    gen = generating()
    n = respondents
    countries, p_country = _selected(gen.country, "country")
    country = np.array(countries)[_stream(seed, "country").choice(len(countries), n, p=p_country)]
    sexes, p_sex = _selected({"female": 1 - gen.male, "male": gen.male}, "sex")
    male = _stream(seed, "sex").choice(len(sexes), n, p=p_sex) == sexes.index("male")
    bands, p_band = _selected(gen.age_bands, "age")
    band = _stream(seed, "age_band").choice(len(bands), n, p=p_band)
    low = np.array([b[0] for b in AGE_BANDS])[band]
    high = np.array([b[1] for b in AGE_BANDS])[band]
    age = low + np.floor(_stream(seed, "age").random(n) * (high - low + 1)).astype(int)

    edu = (_stream(seed, "higher_edu").random(n) < gen.p_higher_edu(age)).astype(int)
    it = (_stream(seed, "it").random(n) < gen.p_it(country, male, age, edu)).astype(int)
    u_owner, u_self = _stream(seed, "entrepreneur").random((2, n))
    owner = u_owner < _value("business_owner")
    self_employed = ~owner & (u_self < gen.p_self_employed(it))
    entrepreneur = np.where(owner, ENTREPRENEUR.index("business_owner"),
                            np.where(self_employed, ENTREPRENEUR.index("self_employed"), ENTREPRENEUR.index("no")))
    region = _stream(seed, "region_origin").choice(len(REGIONS), n, p=[gen.region[r] for r in REGIONS])
    partner = (_stream(seed, "partner").random(n) < gen.p_partner(age)).astype(int)
    u_any, u_two = _stream(seed, "children").random((2, n))
    children = np.where(u_any < gen.p_children(age), np.where(u_two < _value("two_plus_children"), 2, 1), 0)
    spring, autumn = _value("left_spring_2022"), _value("left_autumn_2022")
    waves = list(WAVE_MONTHS)
    u_wave, u_month = _stream(seed, "left").random((2, n))
    wave = np.searchsorted(np.cumsum([spring, autumn]), u_wave, side="right")
    left = np.array([WAVE_MONTHS[waves[w]][int(u * len(WAVE_MONTHS[waves[w]]))] for w, u in zip(wave, u_month)])

    frame = pd.DataFrame({
        "respondent_id": [f"demo{i + 1:05d}" for i in range(n)],
        "age": age.astype(str),
        "sex": np.where(male, "male", "female"),
        "higher_edu": edu.astype(str),
        "it": it.astype(str),
        "entrepreneur": np.array(ENTREPRENEUR)[entrepreneur],
        "region_origin": np.array(REGIONS)[region],
        "partner": partner.astype(str),
        "children": children.astype(str),
        "country": country,
        "left": left,
        "synthetic": "1",
    })
    blank = _stream(seed, "nonresponse").random((len(NONRESPONSE), n))
    for row, (column, rate) in enumerate(NONRESPONSE.items()):
        frame.loc[blank[row] < rate, column] = ""
    return Demo(frame[list(CSV_COLUMNS)], _margins_yaml(gen, seed), truth(gen), seed)


def _refs_text() -> str:
    return " ".join(sorted(set(GENERATING.values()) | set(COUNTRY_REFS.values()) | set(IT_BY_COUNTRY.values())))


def render(demo: Demo) -> str:
    """The demo CSV as shipped: SYNTHETIC comment lines, a header, one row per made-up respondent."""
    text = (f"SYNTHETIC DEMO SURVEY: made-up respondents, not real people or real answers. Generated by "
            f"relokant.survey.demo.generate(seed={demo.seed}, respondents={len(demo.frame)}) from published survey "
            f"marginals and labelled assumptions ({_refs_text()}), with a deliberate online-survey selection bias "
            "(the young, men, Serbia, Georgia and Armenia over-reached; see relokant.survey.demo.SELECTION). Rake "
            "it to demo_margins.yaml before reading any share. Do not cite it as data about emigrants.")
    header = "".join(f"# {line}\n" for line in textwrap.wrap(text, width=110, break_on_hyphens=False))
    return header + demo.frame.to_csv(index=False, lineterminator="\n")


def _margins_yaml(gen: Generating, seed: int) -> str:
    lines = [
        "# SYNTHETIC DEMO: the known margins the demo survey is raked to (relokant.survey.demo).",
        f"# Generated with the demo survey (seed {seed}); the shares are the evidence's, rounded to 6 decimals.",
        "title: Demo margins - emigrants 2022-2023 by country of residence, sex and age band",
        "synthetic: true",
        "margins:",
        "  country:",
        "    source: RANEPA IPEI survey 2024, first destination of 2022-2023 leavers",
        "    categories:",
    ]
    for code, share in gen.country.items():
        source = COUNTRY_REFS.get(code, "1 minus the seven RAN_DEST_* shares: every other first destination")
        lines.append(f"      {code}: {{share: {share:.6f}, source: \"{source}\"}}")
    lines += [
        "  sex:",
        "    categories:",
        f"      male: {{share: {gen.male:.6f}, source: \"{GENERATING['male_share']}\"}}",
        f"      female: {{share: {1 - gen.male:.6f}, source: \"1 minus {GENERATING['male_share']}\"}}",
        "  age:",
        "    bands:",
    ]
    band_sources = {
        "18-24": f"{GENERATING['under_35']} x {GENERATING['age_18_24_of_under_35']}",
        "25-34": f"{GENERATING['under_35']} x (1 - {GENERATING['age_18_24_of_under_35']})",
        "35-44": f"{GENERATING['under_45']} - {GENERATING['under_35']}",
        "45-54": f"(1 - {GENERATING['under_45']}) x (1 - {GENERATING['age_55_69_of_45_plus']})",
        "55-69": f"(1 - {GENERATING['under_45']}) x {GENERATING['age_55_69_of_45_plus']}",
    }
    for label, share in gen.age_bands.items():
        lines.append(f"      \"{label}\": {{share: {share:.6f}, source: \"{band_sources[label]}\"}}")
    return "\n".join(lines) + "\n"


def write(folder: str | Path, seed: int = DEMO_SEED, respondents: int = DEMO_RESPONDENTS) -> tuple[Path, Path]:
    """Write ``demo_survey.csv`` and ``demo_margins.yaml`` into ``folder``; returns both paths."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not an existing folder")
    demo = generate(seed, respondents)
    survey_path, margins_path = folder / "demo_survey.csv", folder / "demo_margins.yaml"
    survey_path.write_text(render(demo), encoding="utf-8", newline="")
    margins_path.write_text(demo.margins_yaml, encoding="utf-8", newline="")
    return survey_path, margins_path
