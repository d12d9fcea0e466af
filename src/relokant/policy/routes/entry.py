"""Entry restrictions on Russian citizens: short stays in the Schengen EU members. Spec: policy/rules.md section 5
(5.1 visa-facilitation suspension, 5.2 Baltic/Polish tourist ban, 5.3 Finland, 5.4 other restrictions, 5.5 Czechia;
5.6 is in ``lv_language.py``, 5.7 is the deposit cap, encoded elsewhere).

One route per Schengen EU member, ``ENTRY_SCHENGEN_<CC>``: "may a Russian citizen enter CC for a short stay?".
Why one per member rather than one EU-wide route:
- the question a person or the engine asks is about a destination ("may I go to Estonia?"); the engine's places are
  the EU members one by one;
- the answer combines the common Visa Code terms (5.1) with national measures on top of them (5.2, 5.3, 5.5): a
  Russian tourist with an Italian Schengen visa is admitted by the Visa Code and refused by Estonia. A per-member
  route gives one answer per destination with every reason in its checks;
- the common terms are declared once here (``VFA_PARAMETERS``, ``RUSSIAN``, ``VISA``) and shared by construction,
  so the members cannot drift apart.
Members: the 22 EU states inside the Schengen area throughout 2022-2025. Croatia, Bulgaria and Romania joined during
that period and Cyprus and Ireland are outside it; rules.md gives no accession dates, so they have no route (GAP).

What 'eligible' means: entry allowed for the trip described in ``person.trip`` (purpose, visa held, crossing).
A person with no visa yet is 'conditional': the Schengen visa check is open (visa issuance is a consulate's
decision), and the outputs give the fee and processing time that apply (5.1). A second kind of gate,
``CZ_LONG_STAY_RU``, encodes the Czech halt on long-stay visas and residence permits (5.5): 'eligible' there means
not barred by the halt; it is of kind 'entry' because, like the short-stay routes, it gates the routes that give a
right to stay (the engine multiplies access to a place by its entry gates) rather than granting one.

Dates (each tested on both sides in tests/policy/test_routes_entry.py): 2022-02-25 Czech visa halt; 2022-06 Czech
long-stay halt; 2022-09-12 full VFA suspension; 2022-09-19 Baltic/Polish tourist ban; 2022-09-30 Finnish tourist
restriction; 2023-11-18 .. 2023-12-15 Finnish eastern land border closures.

The routes start with the engine (2022-01, ``relokant.scenario.model.FIRST_MONTH``), not at a legal date: the
facilitation agreement applied long before, and rules.md gives its terms only as "was EUR 35", "was 10 days".
"""

from relokant.policy.rules import Check, Rights, Route, attr, day, dated, fixed, param

MODEL_START = day("2022-01-01")  # the engine's first month (relokant.scenario.model.FIRST_MONTH), not a legal date

SOURCES_VFA = (
    "https://www.lexgo.lu/en/news-and-articles/12078-war-in-ukraine-full-suspension-of-the-eu-russia-visa-facilitation-agreement?source=lawfirms-show",
    "https://europediplomatic.com/2022/09/09/eu-suspends-russia-visa-facilitation/",
    "https://eizpublishing.ch/kurzbeitrag/euz/09-2022/vollstaendige-aussetzung-der-visaerleichterungen-fuer-russland",
)
SOURCES_BALTIC_PL = (
    "https://lrv.lt/en/news/joint-statement-of-the-prime-ministers-of-lithuania-latvia-estonia-and-poland-on-eu-visas-for-russian-citizens-travel-to-the-eu-is-a-privilege-not-a-human-right",
    "https://tass.com/politics/1504883",
    "https://ukranews.com/en/news/882790-starting-today-baltic-countries-and-poland-close-entry-for-russian-tourists",
)
SOURCES_FI = (
    "https://centreforaviation.com/news/finland-restricts-entry-of-russian-tourists-1162605",
    "https://eturbonews.com/finland-closes-border-to-all-russian-tourists/",
    "https://babel.ua/en/news/84924-foreign-minister-haavisto-finland-will-close-the-border-to-russians-from-september-30",
    "https://dailytimes.com.pk/994899/poland-baltics-agree-eu-visa-ban-plan-for-russians/",
    "https://conssanpietroburgo.esteri.it/it/news/dal_consolato/2023/11/avviso-importante-16-11-2023-viaggi-tramite-finlandia/",
    "https://pledgetimes.com/finland-has-almost-completely-closed-its-border-with-russia/",
    "https://und.org.tr/medya-detay/duyurular/finlandiya-rusya-sinir-duzenlemeleri-hakkinda-11752",
    "https://abounderrattelser.fi/artikel/nytt-beslut-finlands-hela-ostgrans-stangs-pa-nytt",
    "https://www.ziarelive.ro/stiri/finland-extends-russia-border-closing-by-four-weeks-to-protect-national-security.html",
    "https://politicayeconomia.news/?p=109986",
)
SOURCES_CZ = (
    "https://www.urdupoint.com/en/world/czech-republic-suspends-issuance-of-visas-to-1475923.html",
    "https://trm.md/en/international/cehia-inceteaza-sa-mai-elibereze-vize-si-permise-de-sedere-pentru-cetatenii-din-rusia-si-belarus",
    "https://www.perild.com/2023/03/23/the-czech-republic-has-extended-the-ban-on-issuing-visas-to-russians-and-belarusians-until-march-31-2024/",
    "https://unn.ua/en/news/czech-authorities-want-to-stop-issuing-visas-to-russians-and-belarusians",
    "https://newsukraine.rbc.ua/news/czechia-stops-issuing-visas-and-residence-1708590317.html",
)
SOURCE_PRO_ASYL = "https://proasyl.de/news/flucht-aus-russland-was-wir-aktuell-sagen-koennen"

SCHENGEN_EU = ("AT", "BE", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HU", "IT", "LT", "LU", "LV", "MT", "NL",
               "PL", "PT", "SE", "SI", "SK")
BALTIC_PL = ("EE", "LV", "LT", "PL")
# 5.4: "strongly restricted Schengen visas for Russians" (PRO ASYL, Dec 2022; CH is not an EU member).
PRO_ASYL_RESTRICTIVE = ("CZ", "SK", "DK", "NL", "BE", "MT", "FI", "AT", "HU")

# --- 5.1: the Visa Code terms for Russians, common to every member -----------------------------------------------
VFA_PARAMETERS = {
    # 'was EUR 35' under the facilitation agreement, EUR 80 under the Visa Code from the full suspension
    "visa_fee_eur": dated(("2022-01-01", 35), ("2022-09-12", 80), unit="EUR",
                          source="Council Decision (EU) 2022/1500; lexgo.lu, europediplomatic.com"),
    "standard_processing_days": dated(("2022-01-01", 10), ("2022-09-12", 15), unit="days",
                                      source="Council Decision (EU) 2022/1500; lexgo.lu"),
    # before the suspension: GAP (the facilitation's extended time is not in rules.md)
    "max_processing_days": dated(("2022-09-12", 45), unit="days", source="Visa Code via lexgo.lu"),
    # before the suspension: GAP (multiple-entry visas under the agreement depended on the category; not in rules.md)
    "multi_entry_automatic": dated(("2022-09-12", False), source="Council Decision (EU) 2022/1500; lexgo.lu"),
}
VFA_UNCERTAIN = ("Decision (EU) 2022/333 partially suspended the facilitation from 2022-02-25 for certain categories "
                 "whose scope rules.md does not detail; for them the EUR 35 / 10-day terms shown before 2022-09-12 may "
                 "not have applied.",)
VFA_OUTPUTS = {name: param(name) for name in VFA_PARAMETERS}

RUSSIAN = Check("russian_citizen", attr("ru_citizen"),
                "Holds Russian citizenship (these are the entry rules for Russian citizens)")

# A Schengen short-stay visa of any member, a national long-stay visa, or an EU residence permit lets one travel in
# the area; without any of them the traveller must first obtain a C visa, which is a consulate's decision: open.
VISA_HELD = attr("trip_visa").isin(("schengen_c", "national_d")) | attr("eu_residence_permit")
VISA = Check("schengen_visa", VISA_HELD,
             "A Schengen short-stay (C) visa, a national long-stay (D) visa or an EU residence permit; otherwise a C "
             "visa under the general Visa Code must be obtained first (fee and processing time: see outputs)",
             open_if=attr("trip_visa").eq("none"))

RIGHTS = Rights(work="none", notes="a short stay. How long a C visa allows (the Schengen 90-in-180-days rule) is not "
                                   "in rules.md, so max_stay_days is not set")

# --- 5.2: Estonia, Latvia, Lithuania, Poland ---------------------------------------------------------------------
# The ban covers tourism, culture, sport and business trips whatever state issued the visa. The trip schema has
# no 'culture' or 'sport' purpose: such trips are entered as 'tourism'. Exceptions in the data: holders of
# residence permits and dissidents (read as individually at risk). Humanitarian, family and transit (Kaliningrad)
# trips are outside the banned purposes; freight crews and diplomats have no attribute and are not encoded.
BALTIC_PL_BAN = Check(
    "tourist_entry_ban",
    ~param("ru_tourist_entry_ban") | ~attr("trip_purpose").isin(("tourism", "business"))
    | attr("eu_residence_permit") | attr("individually_at_risk"),
    "Not a tourism, culture, sport or business trip while the national entry ban for Russians with Schengen visas "
    "is in force (from 2022-09-19), unless a residence-permit holder or a dissident at risk")
BALTIC_PL_PARAMETERS = {
    "ru_tourist_entry_ban": dated(("2022-01-01", False), ("2022-09-19", True),
                                  source="joint PM statement 2022-09-08; national measures in force by 2022-09-19 "
                                         "(lrv.lt, tass.com, ukranews.com)"),
}

# --- 5.3: Finland --------------------------------------------------------------------------------------------
# The restriction targets tourism and transit for tourism (enter tourist transit as purpose 'tourism'); the listed
# exceptions (family visits, exams, job interviews, humanitarian grounds...) are other purposes and pass.
FI_TOURIST = Check(
    "tourist_entry_restriction",
    ~param("ru_tourist_entry_restriction") | attr("trip_purpose").ne("tourism"),
    "Not a tourist trip while Finland restricts the entry of Russian tourists (from 2022-09-30 00:00)")
# 'land' on this route means the eastern (FI-RU) land border: the trip schema has no origin, and the population
# modelled travels from Russia. Closed from 2023-12-15 for everyone, residence-permit holders included.
FI_LAND = Check(
    "eastern_land_border",
    param("eastern_land_border_open") | attr("trip_crossing").ne("land"),
    "Not a crossing of the eastern land border while all its crossing points are closed (2023-11-30..12-13 and "
    "from 2023-12-15, for everyone including residence-permit holders)")
FI_PARAMETERS = {
    "ru_tourist_entry_restriction": dated(("2022-01-01", False), ("2022-09-30", True),
                                          source="Government resolution of 2022-09-29 (centreforaviation.com)"),
    # Crossing is possible while at least one crossing point is open (the schema has no crossing point).
    "eastern_land_border_open": dated(
        ("2022-01-01", True), ("2023-11-30", False), ("2023-12-14", True), ("2023-12-15", False),
        source="all closed 2023-11-30 until 2023-12-13, briefly reopened, closed again from 2023-12-15 20:00 "
               "(abounderrattelser.fi, pledgetimes.com); extended to 2024-01-14, 2024-02-11, then until further "
               "notice (ziarelive.ro, politicayeconomia.news)",
        uncertain="the closing day 2023-12-15 counts as closed although the closure began at 20:00"),
    # 9 crossing points: '8 of 9 closed' on 2023-11-24; 4 closed on 2023-11-18. How many reopened on 2023-12-14 is
    # not in rules.md (GAP: None).
    "eastern_land_crossings_open": dated(
        ("2022-01-01", 9), ("2023-11-18", 5), ("2023-11-24", 1), ("2023-11-30", 0), ("2023-12-14", None),
        ("2023-12-15", 0), unit="crossing points",
        source="conssanpietroburgo.esteri.it (2023-11-18: Vaalimaa, Nuijamaa, Niirala, Imatra closed), "
               "pledgetimes.com (2023-11-24: only Raja-Jooseppi open), abounderrattelser.fi"),
}
FI_UNCERTAIN = ("From Aug 2022 Finland cut tourist-visa processing to 10% of its usual ~1,000 a day (rules.md 5.3); a "
                "consular capacity, not a rule about a person: not encoded.",)
FI_RIGHTS = Rights(work="none", notes=RIGHTS.notes + "; asylum cannot be claimed at the eastern land crossings while "
                                                     "they are closed")

# --- 5.5: Czechia, short-stay visas ---------------------------------------------------------------------------
# Czech consulates stopped issuing visas to Russians (also those holding another citizenship) from 2022-02-25;
# entry with a visa issued by another member is not affected. Exceptions in the data: humanitarian and family trips
# ('family members of Czech/EU citizens': the schema has no such attribute, a family trip stands in for it) and EU
# residence-permit holders. 'State interest confirmed by the Foreign Minister' is discretionary: not encoded.
CZ_EXCEPTION = attr("trip_purpose").isin(("humanitarian", "family")) | attr("eu_residence_permit")
CZ_VISA_HALT = Check(
    "czech_visa_halt",
    ~param("czech_visa_halt") | VISA_HELD | CZ_EXCEPTION,
    "A visa already held, or an exception (humanitarian case, family member of a Czech/EU citizen, EU residence "
    "permit): Czech consulates issue no visas to Russians from 2022-02-25")
CZ_VISA_PARAMETERS = {
    "czech_visa_halt": dated(("2022-01-01", False), ("2022-02-25", True),
                             source="urdupoint.com (2022-02-24/25); extended to 2024-03-31 (perild.com), then "
                                    "without end date (newsukraine.rbc.ua, Feb 2024)",
                             uncertain="rules.md dates the stop '2022-02-24/25'; the later day is used"),
}


def _schengen(code: str) -> Route:
    checks, parameters, sources = [RUSSIAN, VISA], dict(VFA_PARAMETERS), list(SOURCES_VFA)
    rights = RIGHTS
    outputs, uncertain, legal = dict(VFA_OUTPUTS), list(VFA_UNCERTAIN), ["Council Decision (EU) 2022/1500",
                                                                         "Reg. (EC) 810/2009 (Visa Code)"]
    if code in BALTIC_PL:
        checks.append(BALTIC_PL_BAN)
        parameters |= BALTIC_PL_PARAMETERS
        sources += SOURCES_BALTIC_PL
        legal.append(f"{code} national measure of 2022-09-19 (joint statement of 2022-09-08)")
    if code == "FI":
        checks += [FI_TOURIST, FI_LAND]
        parameters |= FI_PARAMETERS
        sources += SOURCES_FI
        outputs |= {"eastern_land_border_open": param("eastern_land_border_open"),
                    "eastern_land_crossings_open": param("eastern_land_crossings_open")}
        uncertain += FI_UNCERTAIN
        rights = FI_RIGHTS
        legal.append("Finnish Government resolution of 2022-09-29; border-closure decisions of Nov-Dec 2023")
    if code == "CZ":
        checks.append(CZ_VISA_HALT)
        parameters |= CZ_VISA_PARAMETERS
        sources += SOURCES_CZ
        legal.append("Czech government visa stop of 2022-02-25, extended (decree without end date, Feb 2024)")
    if code in PRO_ASYL_RESTRICTIVE:
        sources.append(SOURCE_PRO_ASYL)
        uncertain.append(f"{code} 'strongly restricted Schengen visas for Russians' (PRO ASYL, Dec 2022): a practice "
                         "without rule content in rules.md, not encoded.")
    return Route(
        id=f"ENTRY_SCHENGEN_{code}",
        country=code,
        name=f"Short-stay entry of a Russian citizen into {code} (Schengen C visa)",
        kind="entry",
        valid_from=MODEL_START,
        valid_to=None,
        legal_reference="; ".join(legal),
        sources=tuple(sources),
        parameters=parameters,
        requires=tuple(checks),
        rights=rights,
        outputs=outputs,
        uncertain=tuple(uncertain),
        summary=f"Whether a Russian citizen may enter {code} for a short stay, and on what visa terms.",
    )


# --- 5.5: Czechia, long-stay visas and residence permits -------------------------------------------------------
CZ_LONG_STAY = Route(
    id="CZ_LONG_STAY_RU",
    country="CZ",
    name="Czechia: halt on long-stay visas and residence permits for Russians ('eligible': not barred by it)",
    kind="entry",
    valid_from=MODEL_START,
    valid_to=None,
    legal_reference="Czech government halt on visas and long-stay permits for Russians and Belarusians (2022-06), "
                    "extended to 2024-03-31, then by a decree without end date (Feb 2024)",
    sources=SOURCES_CZ,
    parameters={
        # rules.md gives the month only ('2022-06'): the first of the month is assumed.
        "long_stay_halt": dated(("2022-01-01", False), ("2022-06-01", True),
                                source="trm.md (2022-06), perild.com, newsukraine.rbc.ua",
                                uncertain="only the month (2022-06) is known; the first day is assumed"),
        "activist_quota_per_year": fixed(500, source="rules.md 5.5 (programme for activists)"),
    },
    requires=(
        RUSSIAN,
        Check("czech_long_stay_halt",
              ~param("long_stay_halt") | attr("residence_permit_country").eq("CZ") | CZ_EXCEPTION,
              "Not barred by the halt on long-stay visas and permits for Russians (from 2022-06): renewal of a Czech "
              "permit, humanitarian case, family member of a Czech/EU citizen, or an EU residence permit holder",
              # activists at risk may come under the programme for activists (quota 500 a year)
              open_if=attr("individually_at_risk")),
    ),
    outputs={"activist_quota_per_year": param("activist_quota_per_year")},
    # This route encodes only the halt; what the permit itself asks for, and grants, is another route's business.
    rights=Rights(notes="a gate: the requirements and rights are those of the Czech permit applied for"),
    uncertain=("The 2022-02-25 stop is read as covering short-stay visas (ENTRY_SCHENGEN_CZ) and the 2022-06 halt "
               "as adding long-stay visas and permits; rules.md does not say whether long-stay visas stopped in "
               "February.",
               "Exceptions not encoded: Belarusian students (not Russians), state interest confirmed by the Foreign "
               "Minister (discretionary)."),
    summary="Whether the Czech halt on Russians bars a long-stay visa or residence permit application.",
)

ROUTES = (*(_schengen(code) for code in SCHENGEN_EU), CZ_LONG_STAY)
