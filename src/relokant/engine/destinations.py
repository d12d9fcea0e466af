"""Where leavers go: prior first-destination shares per place and the multinomial logit over places.

The alternative-specific constant of each place is the log of its share among first destinations of 2022-2023
leavers: the RANEPA survey where it names a place outside the EU; for the EU a fitted total share
(``eu_first_share``) split between countries by their 2022 first-permit counts (Germany's survey share is then a
check, not an input: an online survey of leavers over-represents the EU); labelled assumptions elsewhere. The
scenario's openness index (1 = 2022 conditions) then moves choices through ``choice_openness_elasticity``:
utility_j = ln(share_j) + beta * ln(openness_j).

Without a foreign-travel passport only places that admit Russians on the internal passport are reachable.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from relokant import evidence, geo

# First destinations outside the EU named by the RANEPA survey (share of respondents).
RANEPA_FIRST_SHARE = {
    "GE": "ev:ranepa_first_georgia", "KZ": "ev:ranepa_first_kz", "AM": "ev:ranepa_first_am",
    "IL": "ev:ranepa_first_il", "TR": "ev:ranepa_first_tr", "RS": "ev:ranepa_first_rs",
}
# EU countries with a 2022 first-permit count in the evidence: they split the EU share.
EU_PERMITS_2022 = {
    "DE": "ev:EU_2022_DE_FINAL", "ES": "ev:fp_es_2022", "PL": "ev:fp_pl_2022", "FI": "ev:fp_fi_2022",
    "FR": "ev:fp_fr_2022", "CY": "ev:fp_cy_2022", "PT": "ev:fp_pt_2022", "RO": "ev:fp_ro_2022",
    "MT": "ev:EU_2022_MALTA", "LU": "ev:EU_2022_LUXEMBOURG",
}
EU_PERMITS_2022_TOTAL = "ev:fp_eu_2022_revised"
EU_PERMIT_SPLIT_OTHER = "as:eu_permit_split_other"
OTHER_FIRST_SHARE = {code: f"as:prior_first_share_{code}" for code in
                     ("ME", "KG", "UZ", "AE", "TH", "US", "CA", "AR", "GB", "CH", "NO", "XX")}
# Entry on the Russian internal passport (EAEU partners, Armenia): rules.md section 6.
INTERNAL_PASSPORT_PLACES = ("AM", "KZ", "KG")


@lru_cache(maxsize=8)
def prior_first_share(eu_first_share: float) -> np.ndarray:
    """Share of first destinations per place (index 0, Russia, is 0); sums to 1."""
    share = np.zeros(geo.N_PLACES)
    for code, ref in RANEPA_FIRST_SHARE.items():
        share[geo.index(code)] = evidence.value(ref)
    for code, ref in OTHER_FIRST_SHARE.items():
        share[geo.index(code)] = evidence.value(ref)
    split = {code: evidence.value(ref) / evidence.value(EU_PERMITS_2022_TOTAL) for code, ref in EU_PERMITS_2022.items()}
    for code in geo.EU27:
        if code not in split:
            split[code] = evidence.value(EU_PERMIT_SPLIT_OTHER)
    total_split = sum(split.values())
    for code, weight in split.items():
        share[geo.index(code)] = eu_first_share * weight / total_split
    outside_eu = ~geo.IS_EU
    outside_eu[0] = False
    share[outside_eu] *= (1 - eu_first_share) / share[outside_eu].sum()
    return share


def reachable(passport: bool) -> np.ndarray:
    mask = np.ones(geo.N_PLACES, dtype=bool)
    mask[0] = False
    if not passport:
        mask[:] = False
        mask[[geo.index(c) for c in INTERNAL_PASSPORT_PLACES]] = True
    return mask


def group_shares(share: np.ndarray, masks: list[np.ndarray], group_mix: tuple[float, ...]) -> np.ndarray:
    """First-destination shares per reach group such that their mix reproduces the observed overall shares.

    The observed shares describe all leavers; those without a foreign passport can only reach a few places, so the
    passport holders' shares are what remains after them: s_pp = (s - q * s_np) / (1 - q), with s_np the overall
    shares restricted to the places they can reach and q their share among leavers. Where that would be negative
    (more leavers without passports than the observed share of their places allows), it is set to 0.
    Groups: (passport holders, internal passport only), as ``masks``.
    """
    passport_mask, internal_mask = masks
    q = group_mix[1]
    internal = np.where(internal_mask, share, 0.0)
    internal /= internal.sum()
    holders = np.clip(np.where(passport_mask, share, 0.0) - q * internal, 0.0, None) / max(1 - q, 1e-12)
    return np.stack([holders / holders.sum(), internal])


def choice_weights(share: np.ndarray, openness: np.ndarray, beta: float, mask: np.ndarray) -> np.ndarray:
    """exp(utility) per place for one month: share * openness**beta over reachable places, 0 elsewhere."""
    with np.errstate(divide="ignore"):
        weights = share * np.power(np.maximum(openness, 0.0), beta)
    return np.where(mask, weights, 0.0)


def inclusive_value_shift(share: np.ndarray, openness: np.ndarray, beta: float, mask: np.ndarray,
                          access_factor: np.ndarray | None = None) -> float:
    """Logit inclusive value relative to 2022 conditions (openness 1, access as in 2022): 0 when nothing changed."""
    now = choice_weights(share, openness, beta, mask)
    if access_factor is not None:
        now = now * access_factor
    reference = np.where(mask, share, 0.0).sum()
    if now.sum() <= 0.0:
        return -np.inf
    return float(np.log(now.sum() / reference))
