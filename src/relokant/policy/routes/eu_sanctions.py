"""EU sanctions: the deposit cap for Russians, Council Regulation (EU) No 833/2014 Art. 5b, inserted by Regulation
(EU) 2022/328 of 25 Feb 2022, in force from 2022-02-26. Spec: policy/rules.md section 5.7 (and 9.3, overlays).

Art. 5b(1) prohibits EU credit institutions from accepting any deposit from a Russian national or a natural person
residing in Russia if that person's total deposits at the institution (all current accounts and deposits, all
currencies) exceed €100,000. Art. 5b(3) exempts nationals of a Member State, an EEA country or Switzerland and
natural persons holding a temporary or permanent residence permit there.

The routes answer one question, in the positive sense of every route: *may an EU bank hold deposits above the cap
for this person?* 'eligible' means yes (not covered by Art. 5b(1), or exempt under 5b(3)); 'not eligible' means the
bank may not accept deposits that take the person's total above €100,000. ``outputs`` report the cap
(``cap_eur``), whether the prohibition applies (``prohibited_to_accept_deposits_above_cap``) and by how much the
person's deposits (``status.deposits_at_bank_eur``) exceed it (``deposits_above_cap_eur``).

The Regulation binds credit institutions in every Member State, and 'EU' is not a place: one route per EU27 member,
``EU_DEPOSITS_ABOVE_CAP_<member>`` (e.g. ``EU_DEPOSITS_ABOVE_CAP_DE``), all identical but for the country. Before
2022-02-26 the routes are 'not in force': there was no cap, so 'not in force' reads as 'no restriction' here (a
consumer of ``evaluate_population``, which gives ``NOT_ELIGIBLE`` for routes not in force, must read it so).

Residing in Russia: the schema has no country of residence, so a current stay in Russia (``current_stay.country``
'RU') stands for it. An EU/EEA/Swiss residence permit is ``status.eu_residence_permit``, a permit whose
``status.residence_permit_country`` is EU/EEA/Swiss, or a residence permit held where the person is staying in one.
"""

from relokant.geo import EU27
from relokant.policy.person import EU_EEA_CH
from relokant.policy.rules import Check, Rights, Route, any_of, attr, day, fixed, if_, param

SOURCES = (
    "http://webiis05.mondaq.com/export-controls--trade--investment-sanctions/1224766/sanctions-russia",
    "https://gesetze.legal/eu/vo_eu_2014_833/5b",
    "https://martilawyers.com/de/2022/05/17/restrictions-on-deposits-by-russian-citizens-in-the-european-union",
    "https://www.regulationtomorrow.com/eu/russian-sanctions-european-commissions-guidance/",
    "https://sanctions.kse.ua/baza-sanktsij/page/40",
    "https://finance.ec.europa.eu/publications/deposits_en",
    "https://brg-recht.de/en/news/EU%20sanctions%20targeting%20Russian%20citizens.html",
    "https://internationalinvestment.biz/en/analytics/5703-lithuania-freezes-accounts-of-russian-and-belarusian-nationals-amid-2025-eu-sanctions.html",
    "https://de.thebell.io/exiled-russians-hit-by-eu-sanctions",
    "https://wyomingstarnews.org/2025/02/15/russian-expats-in-europe-struggle-with-banking-restrictions",
)

covered = any_of(attr("ru_citizen"), attr("stay_country").eq("RU"))  # Art. 5b(1)(a) nationals, (b) residents
exempt = any_of(
    attr("eu_citizen"),  # Art. 5b(3): a national of a Member State, the EEA or Switzerland (whatever else they hold)
    attr("eu_residence_permit"),  # ... or holding a temporary or permanent residence permit there
    attr("residence_permit_country").isin(EU_EEA_CH),
    attr("stay_has_residence_permit") & attr("stay_country").isin(EU_EEA_CH),
)
prohibited = covered & ~exempt
deposits = attr("deposits_at_bank_eur")

CHECK = Check("deposit_cap", ~prohibited,
              "Not covered by the deposit cap of Art. 5b(1) (Russian nationals, natural persons residing in Russia), "
              "or exempt under Art. 5b(3) (nationals of a Member State, the EEA or Switzerland; holders of a "
              "temporary or permanent residence permit there)")

NOTES = ("deposits existing on 2022-02-26 above the cap are grandfathered (Commission FAQ via regulationtomorrow) "
         "but no further deposit may be accepted; a national competent authority may authorise deposits for basic "
         "needs, "
         "legal fees, extraordinary expenses, official or humanitarian purposes and non-prohibited trade; banks "
         "report deposits above €100,000 of Russian nationals and residents (Art. 5g); in practice banks refuse or "
         "close accounts of Russians even where the law does not require it")

ROUTES = tuple(
    Route(
        id=f"EU_DEPOSITS_ABOVE_CAP_{member}",
        country=member,
        name="Bank deposits above the EU sanctions cap of €100,000 (Reg. 833/2014 Art. 5b)",
        kind="banking",
        valid_from=day("2022-02-26"),
        valid_to=None,
        legal_reference="Council Regulation (EU) No 833/2014 Art. 5b(1) and (3), inserted by Reg. (EU) 2022/328",
        sources=SOURCES,
        parameters={"cap_eur": fixed(100_000, unit="EUR per credit institution",
                                     source="Reg. 833/2014 Art. 5b(1) (primary: gesetze.legal; mondaq)")},
        requires=(CHECK,),
        outputs={"cap_eur": param("cap_eur"), "prohibited_to_accept_deposits_above_cap": prohibited,
                 "deposits_above_cap_eur": if_(deposits > param("cap_eur"), deposits - param("cap_eur"), 0)},
        rights=Rights(notes=NOTES),
        uncertain=("Dual nationals: Russian + non-EU third-country national is not exempt unless holding an "
                   "EU/EEA/Swiss residence permit (rules.md: inference from the wording).",
                   "Residence in Russia is read from the current stay; the schema has no country of residence.",
                   "Derogations by national authorities (Art. 5b) are not modelled."),
        summary="Whether an EU bank may hold more than €100,000 in deposits for the person (Russians without an "
                "EU/EEA/Swiss nationality or residence permit: no, from 2022-02-26).",
    )
    for member in EU27
)
