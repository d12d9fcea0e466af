"""Places of the model: Russia, the EU27 one by one, other European and transit destinations, rest of world.

Codes are ISO 3166-1 alpha-2 (the United Kingdom is ``GB``); ``XX`` is the rest-of-world bucket. ``PLACES`` fixes the
integer index each place has in the engine's arrays: index 0 is Russia, so ``location > 0`` means abroad.
Aggregates (``EU27``, ``WORLD``) are names of sums, not places a person can be in.
"""

from __future__ import annotations

import numpy as np

from relokant.errors import InputError

ORIGIN = "RU"
REST_OF_WORLD = "XX"

EU27: tuple[str, ...] = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)
OTHER_EUROPE: tuple[str, ...] = ("GB", "CH", "NO")
# Visa-free or visa-on-arrival places where most 2022 leavers first went; onward moves start here.
TRANSIT_HUBS: tuple[str, ...] = ("RS", "ME", "GE", "AM", "KZ", "KG", "UZ", "TR", "AE", "TH")
FAR_DESTINATIONS: tuple[str, ...] = ("IL", "US", "CA", "AR")

PLACES: tuple[str, ...] = (ORIGIN, *EU27, *OTHER_EUROPE, *TRANSIT_HUBS, *FAR_DESTINATIONS, REST_OF_WORLD)
DESTINATIONS: tuple[str, ...] = PLACES[1:]
AGGREGATES: dict[str, tuple[str, ...]] = {"EU27": EU27, "WORLD": DESTINATIONS}

PLACE_INDEX: dict[str, int] = {code: i for i, code in enumerate(PLACES)}
N_PLACES = len(PLACES)

NAMES: dict[str, str] = {
    "RU": "Russia", "AT": "Austria", "BE": "Belgium", "BG": "Bulgaria", "HR": "Croatia", "CY": "Cyprus",
    "CZ": "Czechia", "DK": "Denmark", "EE": "Estonia", "FI": "Finland", "FR": "France", "DE": "Germany",
    "GR": "Greece", "HU": "Hungary", "IE": "Ireland", "IT": "Italy", "LV": "Latvia", "LT": "Lithuania",
    "LU": "Luxembourg", "MT": "Malta", "NL": "Netherlands", "PL": "Poland", "PT": "Portugal", "RO": "Romania",
    "SK": "Slovakia", "SI": "Slovenia", "ES": "Spain", "SE": "Sweden", "GB": "United Kingdom",
    "CH": "Switzerland", "NO": "Norway", "RS": "Serbia", "ME": "Montenegro", "GE": "Georgia", "AM": "Armenia",
    "KZ": "Kazakhstan", "KG": "Kyrgyzstan", "UZ": "Uzbekistan", "TR": "Turkey", "AE": "United Arab Emirates",
    "TH": "Thailand", "IL": "Israel", "US": "United States", "CA": "Canada", "AR": "Argentina",
    "XX": "rest of world",
}

IS_EU = np.array([p in EU27 for p in PLACES], dtype=bool)


def index(code: str) -> int:
    """Array index of a place code; an unknown code is an input error."""
    try:
        return PLACE_INDEX[code]
    except KeyError:
        raise InputError(f"unknown place code {code!r} (expected an ISO 3166-1 alpha-2 code of a modelled place, "
                         f"e.g. DE, GE, AM; see relokant.geo.PLACES)") from None


def members(geo: str) -> tuple[str, ...]:
    """The places a geo code stands for: itself, or the members of an aggregate."""
    if geo in AGGREGATES:
        return AGGREGATES[geo]
    index(geo)
    return (geo,)


def code_for_name(name: str) -> str | None:
    """ISO code for a country name as written in the evidence's ``geo`` column (``None`` if not a modelled place)."""
    name = name.strip()
    if name in PLACE_INDEX:
        return name
    for code, full in NAMES.items():
        if full.lower() == name.lower():
            return code
    return {"UK": "GB", "UAE": "AE", "World": "WORLD", "EU": "EU27"}.get(name)
