"""Humanitarian admission and asylum for Russians at risk, deserters and mobilisation evaders. Spec: policy/rules.md
section 7 (7.1 Germany §22 s.2 AufenthG, 7.2 German asylum practice, 7.3 French CNDA doctrine; 7.4 is a debate
without an adopted rule and is not encoded).

None of these is an entitlement a person's data can settle: admission under §22 s.2 is discretionary and asylum
is decided case by case. So a route that passes is 'conditional' (``conditional_on`` names the decision), and a
route that fails says which condition of the published practice is not met.

- ``DE_SEC22_ADMISSION``: the BMI declares admission "to safeguard political interests" of Germany for persons in
  the agreed profiles who are individually at particular risk. Profiles (``status.at_risk_profile``), from the
  2022-05 agreement of AA, BMI and BKM: ``PROFILES`` below.
- ``DE_ASYLUM_RU_DESERTERS``: the Interior Ministry's position that Russian deserters should be recognised; men who
  left before any call-up were largely refused.
- ``FR_CNDA_MOBILISATION``: from the CNDA grand panel of 2023-07-20, Russians fleeing mobilisation and mobilised men
  who deserted can obtain refugee status if they prove an actual call-up or exposure to forced mobilisation.
Dates (each tested on both sides in tests/policy/test_routes_humanitarian.py): 2022-05 (§22 profiles), 2023-07-20
(CNDA), 2023-09 and 2024-10 (German protection rates).
"""

from relokant.policy.rules import Check, Rights, Route, attr, const, dated, day, fixed, param

MODEL_START = day("2022-01-01")  # the engine's first month (relokant.scenario.model.FIRST_MONTH), not a legal date

RUSSIAN = Check("russian_citizen", attr("ru_citizen"), "Holds Russian citizenship")

# --- 7.1 Germany, §22 sentence 2 AufenthG -------------------------------------------------------------------------
PROFILES = (
    "human_rights_defender",        # human-rights defenders at risk of persecution
    "democratic_opposition",        # members of the democratic opposition
    "human_rights_organisation",    # staff of human-rights organisations
    "academic",                     # academics
    "independent_journalist",       # journalists of independent media at concrete risk
    "undesirable_organisation",     # persons working for organisations labelled "undesirable"
    "foreign_agent",                # individuals prosecuted as "foreign agents"
    "public_war_opponent",          # persons who publicly opposed the war
)
WITHIN_PROFILE = attr("at_risk_profile").isin(PROFILES)

DE_SEC22 = Route(
    id="DE_SEC22_ADMISSION",
    country="DE",
    name="Germany: admission to safeguard political interests (§22 s.2 AufenthG) for Russians at risk",
    kind="humanitarian",
    # rules.md: operational from 2022-05 (profiles agreed; admissions from mid-May per DW); the day is not given,
    # the first of the month is used.
    valid_from=day("2022-05-01"),
    valid_to=None,
    legal_reference="§22 sentence 2 AufenthG (admission declaration by the BMI); profiles agreed by AA, BMI and BKM "
                    "(May 2022)",
    sources=(
        "https://www.dw.com/de/schutz-suchende-russen-d%C3%BCrfen-nicht-immer-auf-deutschland-hoffen/a-62996661",
        "https://www.naanoo.com/nachrichten/bundesregierung-legt-kriterien-fuer-aufnahme-von-putin-gegnern-fest",
        "https://www.bundestag.de/presse/hib/kurzmeldungen-1106762",
        "https://www.frnrw.de/themen-a-z/aufenthalt/aufenthaltstitel/humanitaere-visa-fuer-russische-staatsangehoerige.html",
        "https://www.deutschlandfunk.de/podium-kaum-noch-humanitaere-visa-fuer-russische-oppositionelle-100.html",
        "https://europeantimes.news/?p=97595",
    ),
    parameters={"entitlement": fixed(False, source="rules.md 7.1: entitlement none (discretionary)")},
    requires=(
        RUSSIAN,
        Check("admission_profile", WITHIN_PROFILE,
              "In an agreed profile: human-rights defender, democratic opposition, staff of a human-rights "
              "organisation, academic, independent journalist, 'undesirable' organisation, 'foreign agent', "
              "public opponent of the war"),
        Check("individually_at_risk", attr("individually_at_risk"),
              "Individually at particular risk (campaigned outstandingly for freedom of expression, democracy and "
              "human rights)"),
    ),
    conditional_on=("the BMI's discretionary admission declaration after an individual case check (no "
                    "entitlement)",),
    outputs={"within_admission_profile": WITHIN_PROFILE, "entitlement": param("entitlement")},
    rights=Rights(work="full", social_benefits=True, family=True,
                  notes="a residence permit, not a 90-day Schengen visa; visas can be issued by German missions "
                        "outside Russia (e.g. Turkey, Georgia); family members were admitted with them (97 of 241, "
                        "DW); a first-year support scheme was planned (UNCERTAIN); validity not in rules.md"),
    uncertain=("2025: the procedure was temporarily suspended by the new government and resumed mid-Aug 2025 with a "
               "restrictive practice; the suspension's start is not in rules.md, so it is not encoded as a date.",
               "The first-year support/grant scheme (Spiegel via europeantimes) is UNCERTAIN."),
    summary="Discretionary admission of Russians at risk in the agreed profiles; about 1,790 permits to Jul 2025.",
)

# --- 7.2 Germany, asylum for deserters and draft evaders ----------------------------------------------------------
DE_ASYLUM = Route(
    id="DE_ASYLUM_RU_DESERTERS",
    country="DE",
    name="Germany: asylum for Russian deserters and men who fled a call-up",
    kind="asylum",
    valid_from=MODEL_START,
    valid_to=None,
    legal_reference="AsylG with the Qualification Directive 2011/95/EU; Interior Ministry answer to the Bundestag "
                    "(deserters); BAMF practice",
    sources=("https://de.connection-ev.org/article-4014",
             "https://proasyl.de/news/kaum-schutz-fuer-russinnen-und-russen-die-sich-dem-krieg-verweigern",
             "https://www.proasyl.de/news/bundesamt-fuer-migration-lehnt-asyl-fuer-russischen-verweigerer-ab/",
             "https://verfassungsblog.de/?p=89961",
             "https://en.connection-ev.org/article-3637"),
    parameters={
        # a rate over a period, reported for the simulator; the practice changed in Sept 2023 (month only: the first
        # day is used); no figure after Sep 2024.
        "protection_rate_military_age_men": dated(
            ("2022-01-01", 0.37), ("2023-09-01", 0.11), ("2024-10-01", None), unit="share of decisions",
            source="proasyl.de: 37% to mid-2023, 11% Sep 2023 - Sep 2024",
            uncertain="mid-2023 to Sep 2023 is not covered by either figure; more than half of all decisions were "
                      "Dublin or other closures"),
    },
    requires=(
        RUSSIAN,
        # Deserters: the Ministry's position. Men who fled an actual call-up: BAMF's refusal ground for evaders ("not
        # likely to be forcibly conscripted") does not fit them; encoded with deserters (UNCERTAIN below). Men who
        # left before any call-up: largely refused.
        Check("deserted_or_called_up", attr("deserted") | attr("mobilised_with_proof"),
              "Deserted, or fled after a proven call-up (men who left before any call-up were largely refused: "
              "'not likely to be forcibly conscripted')"),
    ),
    conditional_on=("the individual asylum decision of the BAMF (or a court)",),
    outputs={"protection_rate_military_age_men": param("protection_rate_military_age_men"),
             "deserted": attr("deserted")},
    rights=Rights(notes="the rights of the protection granted (refugee status or subsidiary protection); not in "
                        "rules.md"),
    uncertain=("Men who fled an actual call-up without deserting are not addressed by rules.md 7.2; they are "
               "encoded like deserters.",
               "VG Berlin (early 2025) granted subsidiary protection to objectors against BAMF practice and its own "
               "OVG; evaders without a call-up are encoded as not eligible, following BAMF practice."),
    summary="Deserters should be recognised (Interior Ministry); evaders without a call-up were largely refused.",
)

# --- 7.3 France, CNDA doctrine ----------------------------------------------------------------------------------
MOBILISATION_PROVED = attr("mobilised_with_proof")
FR_CNDA = Route(
    id="FR_CNDA_MOBILISATION",
    country="FR",
    name="France: refugee status for Russians fleeing mobilisation and deserters (CNDA doctrine)",
    kind="asylum",
    valid_from=day("2023-07-20"),
    valid_to=None,
    legal_reference="CNDA grand panel decision of 2023-07-20; Qualification Directive 2011/95/EU; CJEU Shepherd "
                    "(26 Feb 2015)",
    sources=("https://meduza.io/en/news/2023/07/20/french-court-recognizes-right-to-asylum-for-russian-nationals-who-fled-mobilization-or-refused-to-fight-in-ukraine",
             "https://actualnewsmagazine.com/english/deserters-from-the-russian-army-eligible-for-refugee-status-in-france-2",
             "https://forumfreerussia.org/en/news-en/2023-07-22/france-promised-asylum-to-russians-hiding-from-mobilization",
             "https://actualnewsmagazine.com/english/meeting-russian-deserters-who-fled-the-mobilization-in-ukraine/"),
    parameters={"ada_eur_per_day": fixed(6.80, unit="EUR/day, first adult",
                                         source="actualnewsmagazine.com (asylum-seeker allowance, ADA)")},
    requires=(
        RUSSIAN,
        # Being a reservist is not enough; the test case itself was rejected for lack of proof.
        Check("mobilisation_proved", MOBILISATION_PROVED,
              "Proof of an actual call-up or of exposure to forced mobilisation (being a reservist is not enough); "
              "deserters must have been mobilised"),
    ),
    conditional_on=("the individual assessment by OFPRA or the CNDA",),
    outputs={"refugee_status_possible": MOBILISATION_PROVED, "deserted": attr("deserted"),
             "entitlement": const(False), "ada_eur_per_day": param("ada_eur_per_day")},
    rights=Rights(notes="refugee status; its rights are not in rules.md. While the claim is pending: ADA EUR 6.80 a "
                        "day for the first adult"),
    summary="Refugee status possible for mobilisation evaders and deserters who prove the call-up.",
)

ROUTES = (DE_SEC22, DE_ASYLUM, FR_CNDA)
