"""Visa-free stays of Russian citizens: how long they may stay. Spec: policy/rules.md section 6 (the table); legal
bases per route (bilateral agreements, unilateral exemptions, national rules).

One route per country, ``VISA_FREE_<CC>`` (GE, AM, KZ, RS, TR, AE, ME, TH, AR), kind 'visa_free'.
'eligible' means the stay is allowed; 'not eligible' names the limit exceeded, or that the person is not a Russian
citizen (the regimes are for Russian citizens). The limit applied is a parameter, reported in ``outputs``
(``limit_days``, and ``window_days`` where the limit counts days in a rolling window); ``Rights.max_stay_days`` is
the longest single stay where one figure holds throughout.

A stay is described in one of two ways:
- a stay in progress: ``current_stay`` in the route's country, ``continuous_days`` (and ``days_in_last_180`` where
  the limit counts a window); a stay in another country does not count here;
- an intended stay: ``trip.days``, arriving on the evaluation date (cases like "stay_days: 80" on a date).
A stay on a residence permit is not a visa-free stay, so the limit does not bind it (Kazakhstan's row says so for
permit holders; Serbia's: applying for a permit avoids having to leave).

Thailand grants its exemption at arrival, so a stay in progress gets the limit of its arrival day
(``current_stay`` arrival = evaluation date minus ``continuous_days``): the rule format resolves parameters at the
evaluation date only, so ``at_arrival`` builds the lookup from the same dated parameter with ``first``.

Dates (each tested on both sides in tests/policy/test_routes_visa_free.py): KZ 2023-01-27; TH 2022-10-01,
2023-04-01, 2023-11-01, 2024-05-01.

The routes start with the engine (2022-01, ``relokant.scenario.model.FIRST_MONTH``): the regimes are older (GE 2015,
RS 2009, TR 2013, AE 2017, ME 2008) and rules.md gives no day for most of their starts. Work during a visa-free
stay is not in rules.md: ``Rights.work`` keeps the format's default 'none', which is not a finding.
"""

from relokant.policy.rules import (Check, Dated, Expr, Rights, Route, any_of, attr, const, dated, day, first, fixed,
                                   if_, param)

MODEL_START = day("2022-01-01")  # the engine's first month (relokant.scenario.model.FIRST_MONTH), not a legal date

RUSSIAN = Check("russian_citizen", attr("ru_citizen"),
                "Holds Russian citizenship (the visa-free regime is for Russian citizens)")
CONTINUOUS = attr("stay_continuous_days")
IN_LAST_180 = attr("stay_days_last_180")
LIMIT = param("limit_days")

NO_WORK_FINDING = "work during the stay is not in rules.md ('none' is the format's default, not a finding)"


def stay_check(country: str, within: Expr, text: str, permit_applied_counts: bool = False) -> Check:
    """The stay in progress keeps to the limit; a stay elsewhere or on a residence permit is not bound by it."""
    exempt = attr("stay_has_residence_permit")
    if permit_applied_counts:
        exempt = exempt | attr("stay_permit_applied")
    return Check("stay_within_limit", attr("stay_country").ne(country) | exempt | within, text)


def trip_check(limit: Expr = LIMIT) -> Check:
    return Check("trip_within_limit", attr("trip_days") <= limit,
                 "An intended stay (arriving on the evaluation date) no longer than the limit")


def windowed(limit: Expr = LIMIT) -> Expr:
    """Days in the last 180 within the limit; a continuous stay counts whole (it lies inside the window)."""
    return (CONTINUOUS <= limit) & (IN_LAST_180 <= limit)


def at_arrival(dated_parameter: Dated) -> Expr:
    """The parameter's value on the first day of the stay in progress (``stay_arrival_date``), not at evaluation."""
    arrival = attr("stay_arrival_date")
    latest_first = sorted(dated_parameter.values, key=lambda item: item[0], reverse=True)
    return first(*((arrival >= const(start), value) for start, value in latest_first), default=None)


def in_country(country: str) -> Expr:
    return attr("stay_country").eq(country) & ~attr("stay_has_residence_permit")


# --- Georgia ------------------------------------------------------------------------------------------------------
GE = Route(
    id="VISA_FREE_GE", country="GE", name="Georgia: visa-free stay of a Russian citizen (up to one year)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Government of Georgia Resolution 255 (2015); unchanged Feb 2023",
    sources=("https://sebasa.ru/the-georgian-government-decided-the-fate-of-the-visa-free-stay-of-russians/",
             "https://www.silkway.news/georgia-proposes-to-tighten-conditions-111820/",
             "https://abnews.ru/2015/6/10/grazhdane-rf-smogut-naxoditsya-v-gruzii-bez-vizy-v-techenie-goda"),
    parameters={"limit_days": fixed(365, unit="days", source="sebasa.ru; abnews.ru (2015)"),
                "visa_run_restarts": fixed(True, source="rules.md 6: exit and re-entry restarts the period")},
    requires=(RUSSIAN,
              stay_check("GE", CONTINUOUS <= LIMIT, "A continuous stay of at most 365 days (exit and re-entry "
                                                    "restarts the count)"),
              trip_check()),
    outputs={"limit_days": LIMIT, "visa_run_restarts": param("visa_run_restarts")},
    rights=Rights(max_stay_days=365, notes=NO_WORK_FINDING + "; opposition proposals to shorten the stay were not "
                                                             "adopted"),
    summary="Up to 365 days per entry; leaving and re-entering restarts the count.",
)

# --- Armenia ------------------------------------------------------------------------------------------------------
AM = Route(
    id="VISA_FREE_AM", country="AM", name="Armenia: visa-free stay of a Russian citizen (180 days per year)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Armenian visa-free regime for Russian citizens (instrument not named in rules.md)",
    sources=("https://sevane.ru/skolko-mozhno-nahoditsja-v-armenii-maksimalno.html",
             "https://podroze.onet.pl/ciekawe/armenia-wizy-i-przepisy-wjazdowe/48m33kw"),
    parameters={"limit_days": fixed(180, unit="days per year", source="sevane.ru; podroze.onet.pl")},
    requires=(RUSSIAN,
              # The schema has no count of days in the year: a continuous stay is a lower bound of it, so a longer
              # one certainly exceeds the limit, while earlier stays in the same year are not seen.
              stay_check("AM", CONTINUOUS <= LIMIT, "At most 180 days in the year (checked on the continuous stay: "
                                                    "earlier stays in the same year are not known)"),
              trip_check()),
    outputs={"limit_days": LIMIT},
    rights=Rights(max_stay_days=180, notes="Russian internal passport accepted for adults; longer stays need a "
                                           "residence permit (1-year card); " + NO_WORK_FINDING),
    summary="Up to 180 days a year; longer stays need a residence permit.",
)

# --- Kazakhstan ---------------------------------------------------------------------------------------------------
# Before 2023-01-27 exit and re-entry every 90 days reset the stay: only the continuous stay counted. From then,
# days in the last 180 count (the "visa run" no longer resets).
KZ = Route(
    id="VISA_FREE_KZ", country="KZ", name="Kazakhstan: visa-free stay of a Russian (EAEU) citizen",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Kazakh entry and stay rules for EAEU citizens, amended from 2023-01-27 (decree published "
                    "2023-01-17)",
    sources=("https://astanatimes.com/2023/01/kazakhstan-amends-immigration-rules-cancels-visa-run-for-foreign-nationals/",
             "https://www.commonspace.eu/news/kazakhstan-tightens-entrance-rules-citizens-eeu-countries-including-russia",
             "https://ukrainetoday.org/2023/02/08/kazakhstan-has-changed-the-rules-of-residence-for-russians-they-will-no-longer-be-allowed-in-without-documents/"),
    parameters={
        "limit_days": fixed(90, unit="days", source="astanatimes.com; commonspace.eu"),
        "window_days": dated(("2023-01-27", 180), unit="days", source="astanatimes.com: 90 days per 180"),
        "visa_run_restarts": dated(("2022-01-01", True), ("2023-01-27", False),
                                   source="astanatimes.com (visa run cancelled from 2023-01-27); commonspace.eu "
                                          "(reset-by-exit not regulated before)"),
    },
    requires=(RUSSIAN,
              stay_check("KZ", if_(param("visa_run_restarts"), CONTINUOUS <= LIMIT, windowed()),
                         "At most 90 days: per continuous stay before 2023-01-27, in the last 180 days from then "
                         "(not for holders of temporary residence permits)"),
              trip_check()),
    outputs={"limit_days": LIMIT, "window_days": param("window_days"),
             "visa_run_restarts": param("visa_run_restarts")},
    rights=Rights(max_stay_days=90, notes="permanent residence now requires a foreign passport valid at least 180 "
                                          "days; " + NO_WORK_FINDING),
    summary="90 days; from 2023-01-27 per 180 days, so a visa run no longer restarts the count.",
)

# --- Serbia -------------------------------------------------------------------------------------------------------
RS = Route(
    id="VISA_FREE_RS", country="RS", name="Serbia: visa-free stay of a Russian citizen (30 days continuous)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Russia-Serbia visa-free agreement (2009)",
    sources=("https://djuric-law.rs/en/2023/04/13/temporary-residence-of-citizens-of-the-russian-federation-in-the-republic-of-serbia/",
             "https://cvjeticaninlegal.com/the-abcs-for-russian-citizens-moving-to-serbia"),
    parameters={"limit_days": fixed(30, unit="days continuous", source="djuric-law.rs"),
                "visa_run_restarts": fixed(True, source="djuric-law.rs: may leave and re-enter unlimited times")},
    requires=(RUSSIAN,
              stay_check("RS", CONTINUOUS <= LIMIT,
                         "A continuous stay of at most 30 days, unless a temporary residence permit was applied for "
                         "(leaving and re-entering restarts the count)", permit_applied_counts=True),
              trip_check()),
    outputs={"limit_days": LIMIT, "visa_run_restarts": param("visa_run_restarts")},
    rights=Rights(max_stay_days=30, notes="each re-entry must be reported to the police; temporary residence on "
                                          "grounds of employment, company, property or family (fee RSD 19,200, "
                                          "funds at least one minimum wage); " + NO_WORK_FINDING),
    summary="30 days per continuous stay; leave and re-enter, or apply for a temporary residence permit.",
)

# --- Turkey -------------------------------------------------------------------------------------------------------
TR = Route(
    id="VISA_FREE_TR", country="TR", name="Turkey: visa-free stay of a Russian citizen (60 days per stay, 90 per 180)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Turkish visa exemption for Russian citizens (2013, unilateral, permanent)",
    sources=("http://kazan.bk.mfa.gov.tr/ShowAnnouncement.aspx?ID=185125",
             "http://www.uygungroup.com/en/Visa-free-travel-for-Russians-in-Turkey-remains-unchanged",
             "https://news.az/news/turkey-to-extend-length-of-visa-free-stay-for-russians"),
    parameters={
        "limit_per_stay_days": fixed(60, unit="days", source="kazan.bk.mfa.gov.tr; uygungroup.com",
                                     uncertain="a 2017 announcement of 90 days per stay (news.az) was not verified "
                                               "as enacted"),
        "limit_days": fixed(90, unit="days", source="kazan.bk.mfa.gov.tr"),
        "window_days": fixed(180, unit="days", source="kazan.bk.mfa.gov.tr"),
    },
    requires=(RUSSIAN,
              stay_check("TR", (CONTINUOUS <= param("limit_per_stay_days")) & windowed(),
                         "At most 60 days in one stay and 90 days in the last 180"),
              trip_check(param("limit_per_stay_days"))),
    outputs={"limit_per_stay_days": param("limit_per_stay_days"), "limit_days": LIMIT,
             "window_days": param("window_days")},
    rights=Rights(max_stay_days=60, notes=NO_WORK_FINDING),
    uncertain=("A 2017 announcement of an extension to 90 days per stay was not verified as enacted; PRO ASYL says "
               "Turkey regularly gives Russians only a 3-month status.",),
    summary="60 days per stay and at most 90 days in any 180.",
)

# --- United Arab Emirates -----------------------------------------------------------------------------------------
# The sources conflict: a free 30-day visa on arrival extendable once by 30 days (2016 decree; globaltimes,
# turpravda 2017) vs 90 days per 180 without a visa (relocate-uae, citing a 2019 agreement). Encoded: 90 per 180.
# Why: the conflict is chronological. The 30+30 sources date from 2016/2017 and cannot speak to the regime after a
# 2019 agreement; the only source covering 2019 onwards (the model's period is 2022-2025) gives 90 per 180. The
# other reading is kept as parameters and reported in outputs. The day of the 2019 agreement is a GAP, so the route
# is declared from the engine's start, when either source agrees a regime was in force.
AE = Route(
    id="VISA_FREE_AE", country="AE", name="United Arab Emirates: stay of a Russian citizen without a prior visa",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="UAE-Russia agreement (2019, per relocate-uae) | 2016 visa-on-arrival decree (conflicting)",
    sources=("http://www.globaltimes.cn/content/1030880.shtml",
             "https://relocate-uae.com/en/skolko-mozhno-nahoditsya-v-dubae-bez-vizi/"),
    parameters={
        "limit_days": fixed(90, unit="days", source="relocate-uae.com (2019 agreement)",
                            uncertain="conflicts with 30 days + one 30-day extension (2016 decree)"),
        "window_days": fixed(180, unit="days", source="relocate-uae.com (2019 agreement)", uncertain="as limit_days"),
        "other_reading_on_arrival_days": fixed(30, unit="days", source="globaltimes.cn; turpravda (2017)"),
        "other_reading_extension_days": fixed(30, unit="days", source="globaltimes.cn; turpravda (2017): once"),
    },
    requires=(RUSSIAN,
              stay_check("AE", windowed(), "At most 90 days in the last 180 (UNCERTAIN reading)"),
              trip_check()),
    outputs={
        "limit_days": LIMIT,
        "window_days": param("window_days"),
        "other_reading_limit_days": param("other_reading_on_arrival_days") + param("other_reading_extension_days"),
        "other_reading_needs_extension": any_of(
            attr("trip_days") > param("other_reading_on_arrival_days"),
            in_country("AE") & (CONTINUOUS > param("other_reading_on_arrival_days"))),
    },
    rights=Rights(max_stay_days=90, notes="UNCERTAIN; " + NO_WORK_FINDING),
    uncertain=("Sources conflict: a free 30-day visa on arrival extendable once by 30 days (2016 decree; "
               "turpravda 2017) vs 90 days per 180 without a visa (relocate-uae, citing a 2019 agreement). "
               "Encoded: 90 per 180; outputs give the other reading's limit and whether it would need the "
               "extension.",),
    summary="UNCERTAIN: 90 days per 180 (best-supported reading) or 30 days plus one 30-day extension.",
)

# --- Montenegro ---------------------------------------------------------------------------------------------------
ME = Route(
    id="VISA_FREE_ME", country="ME", name="Montenegro: visa-free stay of a Russian citizen (30 days)",
    # rules.md dates the 30-day row '2022-03 -> open' (a temporary 90-day seasonal regime was not renewed); the 30
    # days of the 2008 agreement are assumed from the engine's start (UNCERTAIN below).
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Montenegro-Russia visa-free agreement (2008); the temporary 90-day seasonal regime was not "
                    "renewed",
    sources=("https://eadaily.com/ru/ampnews/2022/03/22/chernogoriya-obnarodovala-usloviya-bezvizovogo-rezhima-dlya-rossiyan",
             "https://monte.wiki/en/index.php?title=Visaran&oldid=83"),
    parameters={"limit_days": fixed(30, unit="days", source="eadaily.com (2022-03-22)"),
                "visa_run_restarts": fixed(True, source="eadaily.com; monte.wiki (Visaran)"),
                "visa_3_months_fee_eur": fixed(60, unit="EUR", source="eadaily.com: 3-month visa EUR 60")},
    requires=(RUSSIAN,
              stay_check("ME", CONTINUOUS <= LIMIT, "A continuous stay of at most 30 days (exit and re-entry "
                                                    "restarts the count)"),
              trip_check()),
    outputs={"limit_days": LIMIT, "visa_run_restarts": param("visa_run_restarts"),
             "visa_3_months_fee_eur": param("visa_3_months_fee_eur")},
    rights=Rights(max_stay_days=30, notes="registration and tourist tax required; " + NO_WORK_FINDING),
    uncertain=("rules.md dates the 30-day regime from 2022-03, when a temporary 90-day seasonal regime was not "
               "renewed; what applied in Jan-Mar 2022 is not said: the 2008 agreement's 30 days are assumed.",),
    summary="30 days per entry; visa runs restart it; a 3-month visa costs EUR 60.",
)

# --- Thailand -----------------------------------------------------------------------------------------------------
TH_LIMIT = dated(
    ("0001-01-01", 30),  # bilateral agreement, the base regime before and between the temporary extensions
    ("2022-10-01", 45), ("2023-04-01", 30), ("2023-11-01", 90), ("2024-05-01", 60),
    unit="days per entry, by arrival date",
    source="znamensk39.ru (45 days 2022-10-01..2023-03-31); nationthailand.com (90 days for arrivals "
           "2023-11-01..2024-04-30); abbv.ru, trn-news.ru (60 days from 2024-05-01)",
    uncertain="start of the 60-day regime: 2024-05-01 (RU reports) vs 2024-07-15 (93-country decree)")
TH = Route(
    id="VISA_FREE_TH", country="TH", name="Thailand: visa exemption of a Russian citizen (days by arrival date)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Russia-Thailand visa exemption (30 days); Thai cabinet decisions: 45 days (2022-10), 90 days "
                    "(arrivals 2023-11-01..2024-04-30), 60 days (2024; formal 93-country decree July 2024)",
    sources=("https://znamensk39.ru/the-stay-of-russians-in-thailand-is-now-cut-by-15-days/",
             "https://www.nationthailand.com/thailand/general/40031950",
             "https://abbv.ru/news/obshchestvo/tailand-rasshiril-bezvizovyy-rezhim-dlya-rossiyan",
             "https://trn-news.ru/news/207344"),
    parameters={"limit_days": TH_LIMIT},
    requires=(RUSSIAN,
              stay_check("TH", CONTINUOUS <= at_arrival(TH_LIMIT),
                         "A stay no longer than the exemption granted on arrival (30, 45, 90 or 60 days by the "
                         "arrival date)"),
              trip_check()),
    # the limit of the stay in progress (by its arrival day), else that of an arrival on the evaluation date
    outputs={"limit_days": if_(in_country("TH"), at_arrival(TH_LIMIT), LIMIT)},
    rights=Rights(max_stay_days=None, notes="the limit depends on the arrival date: see outputs.limit_days; "
                                            + NO_WORK_FINDING),
    uncertain=("Start of the 60-day regime: 2024-05-01 per Russian reports (encoded) vs 2024-07-15 per the "
               "formal 93-country decree (July 2024).",),
    summary="30 days; 45 for arrivals 2022-10-01..2023-03-31; 90 for arrivals 2023-11-01..2024-04-30; then 60.",
)

# --- Argentina ----------------------------------------------------------------------------------------------------
AR = Route(
    id="VISA_FREE_AR", country="AR", name="Argentina: visa-free stay of a Russian citizen (90 days per 180)",
    kind="visa_free", valid_from=MODEL_START, valid_to=None,
    legal_reference="Argentine visa exemption for Russian citizens (instrument not named in rules.md)",
    sources=("https://en.newizv.ru/news/2023-01-05/a-boom-in-maternity-tourism-among-russian-citizens-has-begun-in-argentina-392616",
             "https://news.online.ua/en/argentina-has-banned-birth-tourism-by-russian-citizens-what-is-known-897001"),
    parameters={"limit_days": fixed(90, unit="days", source="newizv.ru (2023-01-05)"),
                "window_days": fixed(180, unit="days", source="newizv.ru (2023-01-05)")},
    requires=(RUSSIAN, stay_check("AR", windowed(), "At most 90 days in the last 180"), trip_check()),
    outputs={"limit_days": LIMIT, "window_days": param("window_days")},
    rights=Rights(max_stay_days=90, notes="naturalisation later required legal permanent residence and 2 years of "
                                          "residence (per the Argentine ambassador; no date); " + NO_WORK_FINDING),
    summary="90 days in any 180.",
)

ROUTES = (GE, AM, KZ, RS, TR, AE, ME, TH, AR)
