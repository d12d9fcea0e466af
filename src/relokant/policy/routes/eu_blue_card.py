"""EU Blue Card (recast Directive (EU) 2021/1883, repealing 2009/50/EC): one route per Member State researched, and
the German settlement permit for Blue Card holders. Spec: policy/rules.md section 2 (2.1 directive-level rules, 2.2
national salary thresholds and the German rights), section 5.5 (Czechia takes no applications from Russians) and
section 9 note 1 (thresholds keyed by application date).

Every Blue Card route asks for the same things (Directive Art. 5(1), rules.md 2.1), with national figures:
- a third-country national (EU/EEA/Swiss citizens are outside the Directive);
- a work contract or binding job offer in that country, of at least the contract minimum (6 months under the recast,
  12 under the old texts), at a gross salary of at least the national threshold (a reduced threshold where the
  country grants one: shortage occupations, recent graduates, IT specialists without a degree);
- a higher-education qualification, or higher professional skills: for ICT managers and professionals (ISCO 133,
  25) at least 3 years of relevant experience within the last 7 years (recast), and where a Member State accepts
  it (NL, IT) 5 years of professional experience for other occupations.
A person without a job offer in the country comes out 'conditional' (the offer, contract and salary checks are
open): relocants ask what they could get. An offer in another country is not an offer here, so it also leaves these
checks open instead of comparing a foreign salary with this country's threshold.

Money. Thresholds stay in the unit and currency the sources give. Annual thresholds (DE, FR, AT, ES, CY) are compared
with the offer's gross annual salary in EUR (``salary_annual_eur``: a monthly salary times its ``payments_per_year``,
so an Austrian offer of 14 payments counts its special payments, as the Austrian figure does). Monthly thresholds in
EUR (NL) are compared with the gross monthly salary (``salary_monthly_eur``; the Dutch figures exclude the 8% holiday
allowance, so the person's monthly figure must exclude it too). Monthly thresholds in PLN, CZK and HUF are compared
with the monthly salary converted back into that currency: ``salary_monthly_eur`` times ``<currency>_per_eur``, the
rate ``relokant.policy.person.per_eur`` uses to convert the offer into EUR (labelled assumptions ``as:fx_*_per_eur``),
so an offer stated in zloty is compared in zloty without loss; the threshold in EUR is reported too.

Dates. Thresholds are keyed by application date (calendar year, except CZ May-April, NL's switch on 2024-06-12 and
FR's in late August 2025). A route starts on the first date with a researched threshold: earlier dates report 'not
in force', which here means 'not encoded' (the Blue Card is older). After the last researched year the last figure
is kept and the ``threshold_known`` check is open, so the route is at best conditional on the current figure
(rules.md gives none; thresholds are indexed upwards, so a salary under the last figure still fails).

Not encoded (see the ``uncertain`` notes): the Italian euro threshold (GAP: the route is conditional on the collective
agreement), the Hungarian reduced threshold for listed health professions (the list is not in the research), the
other Member States of the Gisma aggregator (secondary, conflicting), sickness insurance and travel documents
(not person attributes), regulated professions' national requirements, processing times.
"""

from __future__ import annotations

from relokant.policy.person import A1, B1, per_eur
from relokant.policy.rules import Check, Dated, Expr, Rights, Route, attr, const, dated, day, first, fixed, if_, param

DIRECTIVE_SOURCES = (
    "https://home-affairs.ec.europa.eu/policies/migration-and-asylum/legal-migration-and-resettlement/work/eu-blue-card-attracting-highly-qualified-talent-eu_en",
    "https://fantasticsearch.net/law/eu/en?article=1&id=j2wlZpsB1anJoctMKJ5-",
    "https://www.hudsonmckenzie.com/eu-blue-card-directive-what-is-it/",
)
DIRECTIVE = "Directive (EU) 2021/1883 Art. 5(1) (rules.md 2.1)"

# The recast's contract minimum and ICT experience rule, where a country's own text is not in the research.
CONTRACT_RECAST = f"{DIRECTIVE}: work contract or binding offer of at least 6 months (was 12)"
ICT_RULE = f"{DIRECTIVE}: ICT managers/professionals (ISCO 133, 25) with at least 3 years of experience in the last 7"

COMMON_NOTES = ("Directive-level rights (rules.md 2.1): fast-tracked family reunification with labour-market access "
                "for family members; move to a second Member State after 12 months (was 18); short-term business "
                "mobility 90 days in 180; periods in several Member States can be combined towards EU long-term "
                "residence. Equal treatment with nationals as employees (social benefits).")


def _rights(validity_months: int | None = None, months_to_permanent: int | None = None, notes: str = "") -> Rights:
    return Rights(work="employer", self_employment=False, family=True, social_benefits=True,
                  months_to_permanent=months_to_permanent, validity_months=validity_months,
                  notes=" ".join(n for n in (notes, COMMON_NOTES) if n))


def _currency_rate(currency: str) -> Dated:
    return fixed(per_eur(currency), unit=f"{currency} per EUR",
                 source=f"assumption as:fx_{currency.lower()}_per_eur via relokant.policy.person.per_eur (ECB "
                        "reference-rate range 2024-2025; the evidence has no rate): the rate the offer was converted "
                        "with, so converting back is exact",
                 uncertain="a labelled assumption, not a sourced figure: a salary near the threshold in EUR terms "
                           "depends on it")


def _offer_here(country: str) -> Expr:
    return attr("job_offer") & attr("job_country").eq(country)


def blue_card(country: str, name: str, *, valid_from: str, legal_reference: str, sources: tuple[str, ...],
              standard: Dated | None = None, period: str = "year", currency: str = "EUR", reduced: Dated | None = None,
              reduced_for: Expr | None = None, reduced_text: str = "", contract_months_min: Dated,
              ict_accepted: Dated, experience_accepted: Dated | None = None, threshold_known: Dated | None = None,
              extra_parameters: dict[str, Dated] | None = None, extra_checks: tuple[Check, ...] = (),
              extra_outputs: dict[str, Expr] | None = None, conditional_on: tuple[str, ...] = (),
              rights: Rights = _rights(), uncertain: tuple[str, ...] = (), summary: str = "",
              salary_check: bool = True) -> Route:
    """One country's Blue Card route from its figures (see the module docstring for what every route checks).

    ``standard``/``reduced``: the threshold tables, in ``currency`` per ``period`` ('year' or 'month'); ``reduced_for``
    says who may use the reduced one (only when the salary is under the standard one). ``threshold_known``: False
    after the last researched figure (the check is then open). ``salary_check=False``: no researched figure (IT).
    """
    offer_here = _offer_here(country)
    no_offer_here = ~offer_here
    suffix = ("eur" if period == "year" else "month_eur") if currency == "EUR" else f"month_{currency.lower()}"
    parameters: dict[str, Dated] = {"contract_months_min": contract_months_min,
                                    "ict_experience_accepted": ict_accepted,
                                    "ict_experience_years": fixed(3, source=ICT_RULE, unit="years in the last 7")}
    degree = attr("higher_education")
    ict = (param("ict_experience_accepted") & attr("it_specialist")
           & (attr("it_experience_years_last7") >= param("ict_experience_years")))
    route_label = if_(degree, "degree", if_(ict, "IT_experience_without_degree", "none"))
    qualification = degree | ict
    qualification_text = ("A higher-education qualification (programme of at least 3 years), or as an ICT manager or "
                          "professional (ISCO 133, 25) at least 3 years of relevant experience in the last 7 years")
    if experience_accepted is not None:
        parameters["experience_accepted"] = experience_accepted
        parameters["experience_years"] = fixed(5, source=f"{DIRECTIVE}: 5 years of experience where a Member State "
                                                         "accepts it", unit="years")
        experienced = param("experience_accepted") & (attr("experience_years_last7") >= param("experience_years"))
        qualification = qualification | experienced
        route_label = if_(degree, "degree", if_(ict, "IT_experience_without_degree",
                                                if_(experienced, "professional_experience_5y", "none")))
        qualification_text += ", or 5 years of professional experience (where accepted)"
    checks = [
        Check("third_country_national", ~attr("eu_citizen"),
              "A third-country national: EU/EEA/Swiss citizens are outside the Blue Card Directive"),
        Check("job_offer", offer_here, f"A work contract or binding job offer in {country} for highly qualified "
                                       "employment (Directive Art. 5(1)(a))", open_if=no_offer_here),
        Check("contract_duration", attr("contract_months") >= param("contract_months_min"),
              "Contract or offer of at least the minimum duration (6 months under the recast, 12 before)",
              open_if=no_offer_here),
        Check("qualification", qualification, qualification_text),
    ]
    outputs: dict[str, Expr] = {"qualification_route": route_label}
    if salary_check and standard is not None:
        if currency == "EUR":
            salary = attr("salary_annual_eur" if period == "year" else "salary_monthly_eur")
        else:
            rate = f"{currency.lower()}_per_eur"
            parameters[rate] = _currency_rate(currency)
            salary = attr("salary_monthly_eur") * param(rate)
            outputs[f"salary_month_{currency.lower()}"] = salary
        parameters[f"standard_{suffix}"] = standard
        applied: Expr = param(f"standard_{suffix}")
        if reduced is not None:
            parameters[f"reduced_{suffix}"] = reduced
            use_reduced = reduced_for & (salary < param(f"standard_{suffix}"))
            applied = if_(use_reduced, param(f"reduced_{suffix}"), param(f"standard_{suffix}"))
            outputs["reduced_threshold"] = use_reduced
        outputs[f"threshold_{suffix}"] = applied
        if currency != "EUR":
            outputs["threshold_month_eur"] = applied / param(f"{currency.lower()}_per_eur")
        unit = f"{currency} per {period}" if currency != "EUR" else f"EUR per {period}"
        checks.append(Check("salary", salary >= applied,
                            f"Gross salary ({unit}) at least the national Blue Card threshold"
                            + (f"; the reduced threshold {reduced_text}" if reduced is not None else ""),
                            open_if=no_offer_here))
    if threshold_known is not None:
        parameters["threshold_known"] = threshold_known
        checks.append(Check("threshold_known", param("threshold_known"),
                            "A researched salary threshold for this date (after the last researched year the last "
                            "figure is applied, and the current one remains to be checked)",
                            open_if=const(True)))
    parameters.update(extra_parameters or {})
    outputs.update(extra_outputs or {})
    return Route(
        id=f"EU_BLUE_CARD_{country}", country=country, name=name, kind="permit", valid_from=day(valid_from),
        valid_to=None, legal_reference=legal_reference, sources=sources + DIRECTIVE_SOURCES,
        requires=tuple(checks) + extra_checks, parameters=parameters, conditional_on=conditional_on, rights=rights,
        outputs=outputs, uncertain=uncertain, summary=summary, predates_encoding=True)


degree = attr("higher_education")
recent_graduate = degree & attr("degree_within_3y")
it_without_degree = (~degree & param("ict_experience_accepted") & attr("it_specialist")
                     & (attr("it_experience_years_last7") >= param("ict_experience_years")))

# ---------------------------------------------------------------------------------------------------------------
# Germany: §18g AufenthG from 2023-11-18 (before: §18b(2)); thresholds are shares of the pension contribution ceiling.

DE_SOURCES = (
    "https://www.rtpartner.de/immigration/blaue-karte-eu-gehaltsgrenze-2024/",
    "https://www.rtpartner.de/immigration/blaue-karte-eu-gehaltsgrenze-2023/",
    "https://lawfactory-frankfurt.de/de/2025/01/03/neue-grenzen-bei-der-blaucard",
    "https://www.anwalt.de/rechtstipps/eu-blue-card-what-salary-limits-apply-in-2024-223791.html",
    "https://siegconsultancy.com/news/2021-resident-visa-application-process-2",
)
RECAST_DE = "2023-11-18"  # the recast's transposition deadline, the day Germany's new §18g applied

DE_BLUE_CARD = blue_card(
    "DE", "Blaue Karte EU (Germany)", valid_from="2023-01-01",
    legal_reference="§18g AufenthG (from 2023-11-18; before: §18b(2) AufenthG); Directive (EU) 2021/1883",
    sources=DE_SOURCES,
    standard=dated(("2023-01-01", 58_400), (RECAST_DE, 43_800), ("2024-01-01", 45_300), ("2025-01-01", 48_300),
                   unit="EUR/year",
                   source="2023 old rules: bdolegal 2022 ('for reference only'); from 2023-11-18: rtpartner 2023 "
                          "(50% of the pension contribution ceiling); 2024: rtpartner 2024, anwalt.de; 2025: "
                          "lawfactory-frankfurt 2025-01-03, jig.world",
                   uncertain="the Jan-Nov 2023 old-rule figure is given 'for reference only'"),
    reduced=dated(("2023-01-01", 45_552), (RECAST_DE, 39_682.80), ("2024-01-01", 41_041.80),
                  ("2025-01-01", 43_759.80), unit="EUR/year",
                  source="2023 old rules: bdolegal 2022; from 2023-11-18: rtpartner 2023 (45.3% of the ceiling); "
                         "2024: rtpartner 2024, anwalt.de, siegconsultancy; 2025: lawfactory-frankfurt 2025-01-03"),
    # Shortage occupations have the reduced threshold under both texts; recent graduates and IT specialists without
    # a degree only under the recast (rules.md 2.2, siegconsultancy).
    reduced_for=attr("shortage_occupation") | (param("recent_graduates_reduced") & recent_graduate)
    | it_without_degree,
    reduced_text="applies to shortage occupations, graduates of the last 3 years and IT specialists without a "
                 "degree, and needs the Federal Employment Agency's (BA) approval",
    contract_months_min=dated(("2023-01-01", 12), (RECAST_DE, 6), unit="months", source=CONTRACT_RECAST),
    ict_accepted=dated(("2023-01-01", False), (RECAST_DE, True),
                       source="rules.md 2.2 (siegconsultancy): IT specialists without a degree with at least 3 years "
                              "of experience, under the recast §18g"),
    threshold_known=dated(("2023-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 lists German thresholds for 2023-2025; they change every calendar year"),
    extra_parameters={"recent_graduates_reduced": dated(("2023-01-01", False), (RECAST_DE, True),
                                                        source="rules.md 2.2: career starters (degree within 3 "
                                                               "years) use the 45.3% threshold from the recast")},
    extra_outputs={"ba_approval_needed": (attr("shortage_occupation") | (param("recent_graduates_reduced")
                                                                         & recent_graduate) | it_without_degree)
                   & (attr("salary_annual_eur") < param("standard_eur"))},
    rights=_rights(validity_months=48, months_to_permanent=21,
                   notes="Valid for the contract plus 3 months, at most 4 years (intenture). Settlement permit "
                         "after 21 months with German B1 or 27 months with A1 (route DE_BLUE_CARD_SETTLEMENT). "
                         "Since 2024-03-01 parents and parents-in-law can join (anwalt.de). Citizenship after 5 "
                         "years of lawful residence since 2024-06-27, dual citizenship allowed. Processing up to 90 "
                         "days."),
    uncertain=("Jan 1 - Nov 17 2023: old-rule thresholds (EUR 58,400 / 45,552) are given 'for reference only'; "
               "which groups had the old reduced threshold is not in the research (encoded: shortage "
               "occupations); the old 12-month contract minimum is the Directive's former figure.",
               "After 2025 the 2025 figures are applied and the route is conditional (threshold_known).",
               "Citizenship: the 3-year 'special integration' route was reportedly reversed in 2025."),
    summary="German Blue Card: a degree (or IT experience) and an offer paying at least 50% of the pension "
            "contribution ceiling (45.3% for shortage occupations, recent graduates and IT specialists, with BA "
            "approval).",
)

# Settlement permit (Niederlassungserlaubnis) for Blue Card holders, §18c(2) AufenthG.
SETTLEMENT_MONTHS = first((attr("lang.de") >= B1, param("months_with_b1")), default=param("months_with_a1"))

DE_SETTLEMENT = Route(
    id="DE_BLUE_CARD_SETTLEMENT",
    country="DE",
    name="Settlement permit for EU Blue Card holders (Germany)",
    kind="permanent",
    # The 21/27-month figures are those of the recast text (anwalt.de, 2024); the earlier months are not in the
    # research, so the route starts with the recast.
    valid_from=day(RECAST_DE),
    valid_to=None,
    legal_reference="§18c(2) AufenthG (settlement permit for Blue Card holders)",
    sources=("https://www.anwalt.de/rechtstipps/eu-blue-card-what-salary-limits-apply-in-2024-223791.html",
             "https://deubner-recht.de/produkte/arbeitsrecht-sozialrecht/doc/-18-c-aufenthg-niederlassungserlaubnis-fuer-fachkraefte-260563"),
    parameters={
        "months_with_b1": fixed(21, unit="months", source="anwalt.de: 21 months with German B1"),
        "months_with_a1": fixed(27, unit="months", source="anwalt.de: 27 months with German A1"),
    },
    requires=(
        Check("holds_blue_card", attr("permit_kind").eq("eu_blue_card") & attr("residence_permit_country").eq("DE"),
              "Holds a German EU Blue Card (status.permit_kind 'eu_blue_card', residence_permit_country 'DE')"),
        Check("german", attr("lang.de") >= A1, "German at least A1 (27 months), B1 shortens it to 21 months"),
        Check("months_held", attr("permit_months") >= SETTLEMENT_MONTHS,
              "Held the Blue Card for 21 months with German B1, or 27 months with A1"),
        Check("pension_contributions", attr("pension_contribution_months") >= SETTLEMENT_MONTHS,
              "Pension contributions for the same months (§18c(2) AufenthG, deubner)"),
    ),
    outputs={"months_required": SETTLEMENT_MONTHS},
    rights=Rights(work="full", self_employment=True, family=True, social_benefits=True, months_to_permanent=0,
                  validity_months=None, notes="Permanent settlement permit (unlimited). Citizenship after 5 years "
                                              "of lawful residence since 2024-06-27."),
    uncertain=("The settlement months before the recast (2023-11-18) are not in the research: the route starts "
               "then.",),
    summary="Permanent residence after 21 months on a German Blue Card with German B1, or 27 months with A1.",
)

# ---------------------------------------------------------------------------------------------------------------
# Netherlands: the recast applies from 2024-06-12; before it the old Blue Card (no reduced figure, 12-month contract).

RECAST_NL = "2024-06-12"

NL_BLUE_CARD = blue_card(
    "NL", "EU Blue Card (Netherlands)", valid_from="2024-01-01",
    legal_reference="Dutch implementation of Directive (EU) 2021/1883, in force 2024-06-12 (before: of Directive "
                    "2009/50/EC)",
    sources=("https://vialto10dev.sbx.world/regional-alerts/netherlands-immigration-recast-eu-blue-card-takes-effect",
             "https://www.crowe-peak.nl/en/news/dutch-salary-thresholds-for-highly-skilled-migrants-2025/",
             "https://www.grantthornton.nl/en/insights-en/topics/tax/mobility-perspectives/"),
    standard=dated(("2024-01-01", 6_245), (RECAST_NL, 5_331), ("2025-01-01", 5_688), unit="EUR/month",
                   source="gross, excluding the 8% holiday allowance. Before the recast: grantthornton.nl 2024 "
                          "table; from 2024-06-12: vialto 2024-07-02, dailyexpressnewstoday; 2025: crowe-peak "
                          "2025-01-22, wcfv"),
    period="month",
    reduced=dated(("2024-01-01", 6_245), (RECAST_NL, 4_265), ("2025-01-01", 4_551), unit="EUR/month",
                  source="graduated less than 3 years ago. Before the recast none (rules.md '-': the standard "
                         "figure); from 2024-06-12: vialto, khz-movers; 2025: crowe-peak, wcfv"),
    reduced_for=param("recent_graduates_reduced") & recent_graduate,
    reduced_text="applies to graduates of the last 3 years (from 2024-06-12)",
    contract_months_min=dated(("2024-01-01", 12), (RECAST_NL, 6), unit="months", source=CONTRACT_RECAST),
    ict_accepted=dated(("2024-01-01", False), (RECAST_NL, True),
                       source="rules.md 2.2 (vialto, iclg): from 2024-06-12, 3 years of experience for ICT"),
    experience_accepted=dated(("2024-01-01", False), (RECAST_NL, True),
                              source="rules.md 2.2 (vialto, iclg): from 2024-06-12, 5 years of experience accepted"),
    threshold_known=dated(("2024-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 lists Dutch thresholds for 2024-2025; indexed every calendar year"),
    extra_parameters={"recent_graduates_reduced": dated(("2024-01-01", False), (RECAST_NL, True),
                                                        source="rules.md 2.2: reduced criterion for graduates of "
                                                               "less than 3 years from the recast")},
    rights=_rights(notes="From 2024-06-12 valid up to 5 years (vialto); the earlier validity is not in the "
                         "research."),
    uncertain=("'Graduated < 3 yrs' is read as the graduation year at most 3 years before the application year.",
               "The salary compared is the gross monthly salary excluding the 8% holiday allowance.",
               "After 2025 the 2025 figures are applied and the route is conditional (threshold_known)."),
    summary="Dutch Blue Card: from 12 June 2024 a lower threshold, a reduced one for recent graduates and "
            "experience routes.",
)

# ---------------------------------------------------------------------------------------------------------------
# France: "talent - carte bleue européenne", 1.5 x the reference salary set by arrêté.

FR_BLUE_CARD = blue_card(
    "FR", "Talent – carte bleue européenne (France)", valid_from="2024-01-01",
    legal_reference="CESEDA, titre de séjour 'talent – carte bleue européenne'; reference salary by arrêté "
                    "(arrêté of 21 Aug 2025)",
    sources=("https://blog.avocats.deloitte.fr/titres-de-sejour-talent-salarie-qualifie-talent-carte-bleue-europeenne-ue-hausse-du-niveau-de-remuneration-requis",
             "https://www.lemag-juridique.com/veille/articles/immigration-cartes-sejour-talent-quels-sont-nouveaux-seuils-remuneration-10683.htm"),
    # 29 August is the earlier of the two reported effective days: the stricter reading for an applicant.
    standard=dated(("2024-01-01", 53_836.50), ("2025-08-29", 59_373), unit="EUR/year",
                   source="2024 to end Aug 2025: 1.5 x EUR 35,891 (deloitte avocats, gillioen-avocat); from late "
                          "Aug 2025: 1.5 x EUR 39,582 (arrêté 2025-08-21, lemag-juridique 2025-09-09)",
                   uncertain="the 2025 figure applies from 29 Aug (jobbatical) or 31 Aug 2025 (Deloitte); 29 Aug "
                             "encoded"),
    contract_months_min=fixed(6, unit="months", source=CONTRACT_RECAST),
    ict_accepted=fixed(True, source=ICT_RULE),
    rights=_rights(),
    uncertain=("The 2025 threshold's effective day is 29 or 31 Aug 2025 (sources differ); 29 Aug is encoded.",
               "Processing time not found (GAP)."),
    summary="French Blue Card: 1.5 times the reference salary (EUR 53,836.50, from late August 2025 EUR 59,373).",
)

# ---------------------------------------------------------------------------------------------------------------
# Austria: the average gross annual income of full-time employees (1.0x), 14 payments; AMS labour-market test.

AT_BLUE_CARD = blue_card(
    "AT", "Blaue Karte EU (Austria)", valid_from="2022-10-01",
    legal_reference="Austrian Blue Card under the recast rules from October 2022 (Directive (EU) 2021/1883); AMS "
                    "labour-market test (Ersatzkraftverfahren)",
    sources=("https://www.advantageaustria.org/tw/zentral/business-guide/arbeiten-in-oesterreich/zuwanderung-aus-nicht-eu-staaten/Blaue_Karte_EU.zho.html",
             "https://www.homesoverseas.ru/eng/news/Tri_strany_ES_povyshajut_trebovanija_k_zarplate_dlja_soiskatelej_na_Golubuju_kartu"),
    standard=dated(("2022-10-01", 44_395), ("2024-01-01", 47_855), ("2025-01-01", 51_492), unit="EUR/year",
                   source="including special payments (14 monthly salaries). 2022: advantageaustria 2022-10-03; "
                          "2024: advantageaustria, homesoverseas; 2025: EUR 3,678/month x 14 (homesoverseas, "
                          "iamexpat; rules.md rounds it to about EUR 51,500)"),
    contract_months_min=fixed(6, unit="months", source=CONTRACT_RECAST),
    ict_accepted=fixed(True, source=ICT_RULE),
    # 2023 is missing from the research: the 2022 figure is applied and the route is conditional.
    threshold_known=dated(("2022-10-01", True), ("2023-01-01", False), ("2024-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 lists Austrian thresholds for 2022 (from October), 2024 and 2025"),
    conditional_on=("AMS labour-market test (Ersatzkraftverfahren): the Public Employment Service checks that no "
                    "suitable registered jobseeker is available",),
    rights=_rights(validity_months=24, notes="Card valid 24 months; Red-White-Red Card plus after 21 months; "
                                             "processing about 8 weeks (homesoverseas, iamexpat)."),
    uncertain=("The recast rules apply 'from Oct 2022' (advantageaustria 2022-10-03): 1 October assumed.",
               "No 2023 figure in the research: the 2022 figure is applied and the route is conditional.",
               "2025: EUR 3,678 x 14 = EUR 51,492 (rules.md: 'about EUR 51,500')."),
    summary="Austrian Blue Card: the average full-time income, and always an AMS labour-market test.",
)

# ---------------------------------------------------------------------------------------------------------------
# Poland: 150% of the previous year's average wage (GUS), PLN per month; new rules from 2025-06-01.

NEW_RULES_PL = "2025-06-01"

PL_BLUE_CARD = blue_card(
    "PL", "Niebieska Karta UE (Poland)", valid_from="2024-01-01",
    legal_reference="Polish Act on foreigners (Blue Card), new rules from 2025-06-01 implementing Directive (EU) "
                    "2021/1883",
    sources=("https://pcslegal.pl/en/gmi-legal-update-new-minimum-salary-threshold-for-foreigners-applying-for-issuance-or-amendment-of-eu-blue-card/",
             "https://www.gazetaprawna.pl/praca/artykuly/10642071,mozliwe-problemy-z-niebieska-karta.html",
             "https://www.gazetaprawna.pl/praca/artykuly/9819349,niebieska-karta-ue-nowe-zasady-zatrudniania-cudzoziemcow-i-mozliwosc.html"),
    # Published in February but applied from 1 January (rules.md section 9).
    standard=dated(("2024-01-01", 10_733.22), ("2025-01-01", 12_272.58), unit="PLN/month",
                   source="150% of the previous year's average wage (GUS). 2024: pcslegal 2024-02-09, crido; 2025: "
                          "gazetaprawna, hrlaw.pl"),
    currency="PLN", period="month",
    contract_months_min=dated(("2024-01-01", 12), (NEW_RULES_PL, 6), unit="months",
                              source="until 2025-05-31: at least 1 year under the old text (pcslegal); from "
                                     f"2025-06-01 the new rules: {CONTRACT_RECAST}"),
    ict_accepted=dated(("2024-01-01", False), (NEW_RULES_PL, True),
                       source="rules.md 2.2 (gazetaprawna, hrlaw.pl): IT 3 years in 7 from 2025-06-01"),
    threshold_known=dated(("2024-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 lists Polish thresholds for 2024-2025; set every calendar year"),
    rights=_rights(notes="From 2025-06-01: full labour-market access and may run a business (gazetaprawna)."),
    uncertain=("The 6-month contract minimum from 2025-06-01 is the Directive's figure; the Polish text is not in "
               "the research.",
               "After 2025 the 2025 figure is applied and the route is conditional (threshold_known)."),
    summary="Polish Blue Card: 150% of the average wage in zloty; new rules from June 2025.",
)

# ---------------------------------------------------------------------------------------------------------------
# Czechia: 1.5 x the average wage, CZK per month, May-April years; closed to Russian citizens (rules.md 5.5).

RECAST_CZ = "2023-07-01"
CZ_SOURCES = (
    "https://movetoprague.com/new-salary-limit-for-blue-cards-may-2024-to-april-2025/",
    "https://www.novyepis.cz/pravni-predpisy/399661?compilation-date=03.04.2025",
    "https://trm.md/en/international/cehia-inceteaza-sa-mai-elibereze-vize-si-permise-de-sedere-pentru-cetatenii-din-rusia-si-belarus",
    "https://www.perild.com/2023/03/23/the-czech-republic-has-extended-the-ban-on-issuing-visas-to-russians-and-belarusians-until-march-31-2024/",
    "https://newsukraine.rbc.ua/news/czechia-stops-issuing-visas-and-residence-1708590317.html",
)
# Visas stopped on 2022-02-25; long-stay permits for Russians halted in June 2022 (the day is not given), extended
# to 2024-03-31 and then by a decree with no end date (Feb 2024). Russians with another citizenship are covered too.
CZ_RU_SUSPENSION = dated(("2022-01-01", False), ("2022-06-01", True),
                         source="rules.md 5.5: visas and long-stay permits for Russians halted from June 2022 "
                                "(trm.md), extended (perild 2023-03-23), then with no end date (rbc.ua, Feb 2024)",
                         uncertain="the day in June 2022 is not given: 1 June assumed (visas already stopped on "
                                   "2022-02-25)")

CZ_BLUE_CARD = blue_card(
    "CZ", "Modrá karta EU (Czechia)", valid_from="2023-05-01",
    legal_reference="Czech Act on the Residence of Foreign Nationals (Blue Card), recast implemented 2023-07-01; "
                    "thresholds: MPSV communications (98/2024, 96/2025); government closure for Russian citizens",
    sources=CZ_SOURCES,
    standard=dated(("2023-05-01", 60_530), ("2024-05-01", 65_012), ("2025-05-01", 69_248), unit="CZK/month",
                   source="1.5 x the average wage, May to April. 2023: dreport, grantthornton.cz; 2024: 1.5 x "
                          "CZK 43,341 (movetoprague, novyepis 98/2024); 2025: 1.5 x CZK 46,165 derived from MPSV "
                          "Communication 96/2025 (novyepis)",
                   uncertain="2025: visahq gives CZK 72,365 instead of the derived CZK 69,248"),
    currency="CZK", period="month",
    contract_months_min=dated(("2023-05-01", 12), (RECAST_CZ, 6), unit="months",
                              source=f"recast implemented 2023-07-01 (grantthornton.cz); {CONTRACT_RECAST}"),
    ict_accepted=dated(("2023-05-01", False), (RECAST_CZ, True), source=f"recast from 2023-07-01; {ICT_RULE}"),
    threshold_known=dated(("2023-05-01", True), ("2026-05-01", False),
                          source="rules.md 2.2 lists Czech thresholds for May 2023 to April 2026"),
    extra_parameters={"ru_applications_suspended": CZ_RU_SUSPENSION},
    extra_checks=(Check("ru_applications_accepted",
                        ~(param("ru_applications_suspended") & attr("ru_citizen")) | attr("eu_residence_permit")
                        | (attr("residence_permit_country").eq("CZ") & attr("permit_kind").eq("eu_blue_card")),
                        "Czechia accepts the application: it takes no visa or residence applications from Russian "
                        "citizens (dual citizens included) since June 2022, except renewals of existing permits and "
                        "holders of an EU residence permit or permanent residence (rules.md 5.5; other exceptions: "
                        "humanitarian, family of Czech/EU citizens, state interest confirmed by the Foreign "
                        "Minister)"),),
    rights=_rights(),
    uncertain=("Closed to Russian citizens (rules.md 5.5) except listed exceptions; the Foreign Minister's "
               "'state interest' exception is discretionary and not encoded.",
               "The contract minimum before/after 2023-07-01 is the Directive's (old 12, recast 6 months).",
               "2025 threshold: derived CZK 69,248 vs visahq's CZK 72,365.",
               "From May 2026 the 2025 figure is applied and the route is conditional (threshold_known)."),
    summary="Czech Blue Card: 1.5 times the average wage in koruna; closed to Russian citizens.",
)

# ---------------------------------------------------------------------------------------------------------------
# Spain: 1.5 x the average salary; 80% for shortage occupations and recent graduates.

ES_BLUE_CARD = blue_card(
    "ES", "Tarjeta azul UE (Spain)", valid_from="2024-01-01",
    legal_reference="Spanish transposition of Directive (EU) 2021/1883 (highly qualified professionals, UGE); "
                    "Order PJC/44/2026 (BOE 2026-01-30)",
    sources=("https://jobbatical.com/es/blog/espana-eu-guia-tarjeta-azul",
             "https://actualidadlaboral.com.ve/seccion/detalles/espana-suaviza-los-criterios-para-atraer-mano-de-obra-cualificada-del-extranjero"),
    standard=dated(("2024-01-01", 38_844), ("2026-01-30", 54_977.89), unit="EUR/year",
                   source="2024: 1.5 x EUR 25,896 (jobbatical ES); 2026: Order PJC/44/2026, BOE 2026-01-30 "
                          "(newlandchase, legalfournier)",
                   uncertain="2024 figure from a secondary source; a May 2024 draft Order proposed 1.4x = "
                             "EUR 36,250 (reduced EUR 29,000); other pages give EUR 40,077 (undated); the 2026 "
                             "Order's entry into force is taken as its publication day"),
    reduced=dated(("2024-01-01", round(0.8 * 38_844, 2)), ("2026-01-30", 31_415.94), unit="EUR/year",
                  source="2024: 80% of the standard figure (rules.md 2.2); 2026: Order PJC/44/2026"),
    reduced_for=attr("shortage_occupation") | recent_graduate,
    reduced_text="(80% in 2024) applies to shortage occupations and graduates of the last 3 years",
    contract_months_min=fixed(6, unit="months", source=CONTRACT_RECAST),
    ict_accepted=fixed(True, source=ICT_RULE),
    # 2025 is a GAP (rules.md section 10): the 2024 figure is applied and the route is conditional.
    threshold_known=dated(("2024-01-01", True), ("2025-01-01", False), ("2026-01-30", True),
                          source="rules.md 2.2 and section 10: figures for 2024 and from the 2026 Order; 2025 "
                                 "not found"),
    rights=_rights(notes="Same social-security benefits as nationals (jobbatical FAQ). Processing 20 working days "
                         "(UGE statutory target)."),
    uncertain=("ES 2024 figure from a secondary source (jobbatical); a May 2024 draft Order proposed 1.4x = "
               "EUR 36,250 (reduced EUR 29,000); other pages give EUR 40,077 (undated).",
               "ES 2025 figure not found (GAP): the 2024 figure is applied and the route is conditional.",
               "Who may use the 80% figure (shortage occupations, recent graduates) follows the Directive; the "
               "Spanish list is not in the research.",
               "Order PJC/44/2026 (beyond the study period) is encoded from its BOE publication day 2026-01-30."),
    summary="Spanish Blue Card: 1.5 times the average salary (80% for shortage occupations and recent graduates).",
)

# ---------------------------------------------------------------------------------------------------------------
# Italy: no reliable euro threshold (GAP) - the route is conditional on the collective-agreement salary.

IT_BLUE_CARD = blue_card(
    "IT", "Carta blu UE (Italy)", valid_from="2023-11-17",
    legal_reference="Art. 27-quater D.Lgs. 286/1998 as amended by D.Lgs. 152/2023; circular 2829 of 2024-03-28",
    sources=(),
    salary_check=False,
    contract_months_min=fixed(6, unit="months", source="D.Lgs. 152/2023 (anpal, lcalex): contract of at least 6 "
                                                       "months"),
    ict_accepted=fixed(True, source="D.Lgs. 152/2023 (anpal, lcalex): IT 3 years in 7"),
    experience_accepted=fixed(True, source="D.Lgs. 152/2023 (anpal, lcalex): 5 years of experience route"),
    conditional_on=("A salary not below the national collective agreement (CCNL) and the Blue Card threshold: no "
                    "reliable euro figure in the research (GAP)",),
    rights=_rights(),
    uncertain=("Italian euro threshold for 2024/2025 not found (GAP). One weak secondary source says 1.5x the "
               "average (about EUR 35k), 1.2x in shortage sectors (about EUR 28k); not encoded.",),
    summary="Italian Blue Card under D.Lgs. 152/2023: qualification and a 6-month contract; the salary threshold "
            "is not in the research, so the route is at best conditional.",
)

# ---------------------------------------------------------------------------------------------------------------
# Cyprus: 1.5 x the average salary (2025 decrees). The Cypriot Blue Card is not valid for Schengen travel.

CY_BLUE_CARD = blue_card(
    "CY", "EU Blue Card (Cyprus)", valid_from="2025-01-01",
    legal_reference="Cypriot implementation of Directive (EU) 2021/1883; 2025 decrees on the minimum salary",
    sources=("https://www.harriskyriakides.law/insights/news/new-labour-framework-expands-opportunities-for-highly-skilled-workers-in-cyprus/",),
    standard=dated(("2025-01-01", 43_632), unit="EUR/year",
                   source="1.5 x the average salary, 2025 decrees (harriskyriakides 2025-01-10; daily8/Euronews)"),
    contract_months_min=fixed(6, unit="months", source=CONTRACT_RECAST),
    ict_accepted=fixed(True, source=ICT_RULE),
    threshold_known=dated(("2025-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 gives the Cypriot figure for 2025 only"),
    rights=_rights(notes="The Cypriot Blue Card is not valid for Schengen travel (Cyprus is outside Schengen). "
                         "For employment by foreign-interest companies see the CY_BFU_* routes."),
    uncertain=("Earlier Cypriot thresholds are not in the research: the route starts in 2025.",
               "The day the 2025 decrees apply is not given: 1 January assumed."),
    summary="Cypriot Blue Card: 1.5 times the average salary (2025); not valid for Schengen travel.",
)

# ---------------------------------------------------------------------------------------------------------------
# Hungary: HUF per month.

HU_BLUE_CARD = blue_card(
    "HU", "EU Blue Card (Hungary)", valid_from="2024-01-01",
    legal_reference="Hungarian implementation of Directive (EU) 2021/1883",
    sources=("https://www.homesoverseas.ru/eng/news/Tri_strany_ES_povyshajut_trebovanija_k_zarplate_dlja_soiskatelej_na_Golubuju_kartu",),
    standard=dated(("2024-01-01", 773_649), ("2025-01-01", 883_671), unit="HUF/month",
                   source="homesoverseas / internationalinvestment (2025, with the 2024 figure)"),
    currency="HUF", period="month",
    contract_months_min=fixed(6, unit="months", source=CONTRACT_RECAST),
    ict_accepted=fixed(True, source=ICT_RULE),
    threshold_known=dated(("2024-01-01", True), ("2026-01-01", False),
                          source="rules.md 2.2 gives Hungarian figures for 2024 and 2025"),
    rights=_rights(),
    uncertain=("A reduced threshold of HUF 706,937 applies to listed health professions; the list is not in the "
               "research, so it is not encoded.",
               "The day each year's figure applies is not given: 1 January assumed."),
    summary="Hungarian Blue Card: a monthly threshold in forint.",
)

ROUTES = (DE_BLUE_CARD, DE_SETTLEMENT, NL_BLUE_CARD, FR_BLUE_CARD, AT_BLUE_CARD, PL_BLUE_CARD, CZ_BLUE_CARD,
          ES_BLUE_CARD, IT_BLUE_CARD, CY_BLUE_CARD, HU_BLUE_CARD)
