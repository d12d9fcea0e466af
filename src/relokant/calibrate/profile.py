"""Who leaves, checked: the simulated leavers' profile against what emigrant surveys and officials report.

The profile emerges from the departure hazards (relative hazards by education, IT, city, age band, minor children and
passport; the mobilization shock for draft-exposed men); nothing here is fitted. Most checks validate: education and
IT (the issue's test) and the mean age were not looked at when their hazards were set. A check that was in view when
a hazard's assumed value was chosen says so in ``anchors`` (e.g. the share without minor children and
``departure_or_minor_children``): agreement there is by construction, and the table marks it.

Inputs: a ``Population`` and a ``SimulationResult`` of it (``relokant.engine.profile.leaver_profile``); the evidence.
Output: ``PROFILE_CHECKS`` (each declared once: statistic, evidence ids, accepted range, why, anchors) and
``check_profile(pop, result) -> DataFrame`` (statistic, simulated, range, inside or not, Russian baseline, refs, why,
anchors).

A check's range spans the figures it cites (conflicting surveys widen it, they are never averaged) plus a tolerance
for what the surveys are: self-selected online samples, of some destinations, months after the departures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from relokant import evidence
from relokant.engine.profile import leaver_profile, population_profile
from relokant.engine.simulate import SimulationResult

PERCENT = 0.01


@dataclass(frozen=True)
class ProfileCheck:
    """The statistic of ``leaver_profile`` named ``statistic`` should lie within the cited figures +- ``tolerance``.

    ``scale`` converts the figures' unit to the statistic's (0.01 for percentages); ``lower_bound_refs`` are figures
    published as lower bounds ("at least 70%"): they raise the range's floor but do not cap it.
    """

    statistic: str
    description: str
    refs: tuple[str, ...]
    tolerance: float
    why: str
    scale: float = PERCENT
    lower_bound_refs: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # parameters whose assumed values were set with this check's figures in view
    since: str = "2022-02"
    until: str = "2022-12"

    def accepted_range(self) -> tuple[float, float]:
        values = [evidence.value(ref) * self.scale for ref in self.refs]
        floors = [evidence.value(ref) * self.scale for ref in self.lower_bound_refs]
        low = min(values + floors) - self.tolerance
        high = max(values + floors) + self.tolerance if values else float("inf")
        return max(low, 0.0), high if self.scale != PERCENT else min(high, 1.0)


_ONLINE = "online, self-selected respondents"
PROFILE_CHECKS: tuple[ProfileCheck, ...] = (
    ProfileCheck("mean_age", "mean age of 2022 leavers (years, age in January 2022)", ("ev:OKR_09",), 4.0,
                 f"one survey (OK Russians, spring 2022, {_ONLINE}); +-4 years", scale=1.0),
    ProfileCheck("share_under_35", "share of 2022 leavers under 35", ("ev:OKR_11",), 0.10,
                 f"one survey (OK Russians, {_ONLINE}); +-10 pp", anchors=("departure_or_age_18_34",)),
    ProfileCheck("share_under_45", "share of 2022 leavers under 45", ("ev:KOV_01",), 0.08,
                 "a synthesis of new-wave surveys; +-8 pp", anchors=("departure_or_age_35_44",)),
    ProfileCheck("share_higher_edu", "share of 2022 leavers with higher education",
                 ("ev:RR_01", "ev:OKR_10", "ev:KOV_02", "ev:SK_04", "ev:BCSP_01"), 0.05,
                 "surveys disagree (66% in Serbia c.2024 to 80% in most syntheses): the range spans them, +-5 pp",
                 lower_bound_refs=("ev:ZOIS_08",)),
    ProfileCheck("share_it", "share of 2022 leavers working in IT", ("ev:ZOIS_06", "ev:ZOIS_07", "ev:OKR_12"), 0.05,
                 "27% (Georgia) to 37% (Armenia) in ZOiS, a third in OK Russians, at least 45% in OutRush's first "
                 "wave; online samples over-represent IT, so the range runs from the lowest survey -5 pp",
                 lower_bound_refs=("ev:OKR_01",)),
    ProfileCheck("it_persons", "IT workers among 2022 leavers (persons)", ("ev:it_left_2022_shadaev",), 30_000.0,
                 "the minister's count of IT specialists abroad after both 2022 waves; +-30,000 for what it leaves "
                 "out (contractors, those abroad before)", scale=1.0),
    ProfileCheck("share_million_cities", "share of 2022 leavers from cities of a million or more", (), 0.10,
                 "ZOiS: at least 80% of respondents in Georgia and Armenia; -10 pp", lower_bound_refs=("ev:ZOIS_05",),
                 anchors=("departure_or_big_city", "departure_or_large_city")),
    ProfileCheck("share_partner", "share of 2022 leavers married or cohabiting", ("ev:OKR_07", "ev:SK_01"), 0.05,
                 "39% married (OK Russians) to 67% married or cohabiting (first-wave survey); +-5 pp"),
    ProfileCheck("share_no_children", "share of 2022 leavers without minor children", ("ev:SK_02",), 0.10,
                 "one unnamed first-wave survey; +-10 pp", anchors=("departure_or_minor_children",)),
)


def _statistic(profile: dict[str, float], check: ProfileCheck) -> float | None:
    if check.statistic == "it_persons":
        return profile["share_it"] * profile["persons"]
    return profile.get(check.statistic)


def check_profile(pop, result: SimulationResult) -> pd.DataFrame:
    """One row per declared check: simulated value, accepted range, inside or not, and the Russian baseline."""
    baseline = population_profile(pop)
    rows = []
    profiles: dict[tuple[str, str], dict] = {}
    for check in PROFILE_CHECKS:
        window = (check.since, check.until)
        if window not in profiles:
            profiles[window] = leaver_profile(pop, result, *window)
        simulated = _statistic(profiles[window], check)
        low, high = check.accepted_range()
        rows.append({
            "statistic": check.statistic, "description": check.description, "simulated": simulated,
            "low": low, "high": high,
            "inside": None if simulated is None else bool(low <= simulated <= high),
            "russia": None if check.statistic == "it_persons" else baseline.get(check.statistic),
            "refs": " ".join(check.refs + check.lower_bound_refs), "why": check.why,
            "anchors": " ".join(check.anchors),
            "leaver_records": profiles[window]["records"],
        })
    return pd.DataFrame(rows)
