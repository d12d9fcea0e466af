"""Demography: Russian adults aged 18-69 in January 2022 by single year of age and sex, from UN WPP 2024.

Inputs: the UN World Population Prospects 2024 series bundled in the PyPI package ``starsim-data`` (``population``:
persons by 5-year age group and sex; ``deaths``: age-specific mortality ``mx``), decadal snapshots, of which 2020 is
used. Outputs: ``adults_2022()``, a float64 array of shape (ages 18..69, 2 sexes [female, male]) in persons, and
``wpp_provenance()``, the package's provenance record.

Method:
1. Single years: each 5-year group of the 2020 snapshot is split evenly over its five ages (the snapshot has no
   single-year detail; the error is a smooth redistribution inside a group and vanishes on the 5-year totals).
2. Ageing to January 2022: WPP populations refer to 1 July, so January 2022 is 1.5 years after the 2020 snapshot.
   A cohort of single age a in mid-2020 is spread evenly over [a, a+1), so 1.5 years later half of it is aged a+1
   and half a+2 in completed years; each survives with S = exp(-1.5 * mx), mx of its 2020 age group (the 2020
   rates). Net migration is ignored: WPP's net migration for Russia is small next to a 1.5-year cohort shift and the
   package gives it only as a crude national rate, not by age.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relokant.population.schema import AGE_MAX, AGE_MIN

WPP_YEAR = 2020
WPP_LOCATION = "RU"
SEXES = ("Female", "Male")  # column order of adults_2022(); index 1 is male
# Mid-2020 (WPP reference date 1 July) to 1 January 2022, in years.
YEARS_TO_JAN_2022 = 1.5
AGES = np.arange(AGE_MIN, AGE_MAX + 1)


def _wpp(which: str):
    import starsim_data as sd  # imported here: the package takes about a second to import (sciris)

    frame = sd.load(WPP_LOCATION, which=which)
    return frame[frame["Time"] == WPP_YEAR]


@lru_cache(maxsize=1)
def _adults_2022() -> np.ndarray:
    population = _wpp("population")
    deaths = _wpp("deaths")
    # Ages reached in January 2022 come from 2020 ages one and two years younger (see the module docstring).
    ages_2020 = np.arange(AGE_MIN - 2, AGE_MAX)
    counts = np.zeros((len(ages_2020), len(SEXES)))
    for s, sex in enumerate(SEXES):
        groups = population[population["Sex"] == sex].set_index("AgeGrp")["Value"].astype("float64")
        mortality = deaths[deaths["Sex"] == sex].set_index("AgeGrpStart")["mx"].astype("float64")
        starts = (ages_2020 // 5) * 5
        single = groups.reindex(starts).to_numpy() / 5.0
        mx = mortality.reindex(starts).to_numpy()
        if np.isnan(single).any() or np.isnan(mx).any():
            raise RuntimeError(f"WPP {WPP_YEAR} data for {WPP_LOCATION} lacks an age group for {sex}")
        counts[:, s] = single * np.exp(-YEARS_TO_JAN_2022 * mx)
    # Row i of counts is 2020 age AGE_MIN-2+i; January-2022 age b takes half of 2020 ages b-1 and b-2.
    adults = 0.5 * (counts[1:] + counts[:-1])
    assert adults.shape == (len(AGES), len(SEXES))
    adults.setflags(write=False)
    return adults


def adults_2022() -> np.ndarray:
    """Adults 18-69 in January 2022, persons, shape (52 ages, 2 sexes [female, male]); read-only."""
    return _adults_2022()


@lru_cache(maxsize=1)
def wpp_provenance() -> dict:
    """Provenance of the WPP series (source, revision, variant, licence, package version), plus what was used."""
    import starsim_data as sd

    record = {key: value for key, value in dict(sd.provenance("population")).items()}
    record["git"] = dict(record.get("git", {}))
    record["used"] = (f"population and deaths (mx), {WPP_LOCATION}, {WPP_YEAR} snapshot; 5-year groups split evenly; "
                      f"aged {YEARS_TO_JAN_2022} years to 2022-01 with S = exp(-{YEARS_TO_JAN_2022} mx); "
                      "net migration ignored")
    return record
