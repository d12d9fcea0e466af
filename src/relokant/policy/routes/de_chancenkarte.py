"""Germany: Chancenkarte (Opportunity Card), §§20a, 20b AufenthG, in force from 2024-06-01.

Two routes (§20a(3)): the skilled-worker route for holders of a German or fully recognised qualification (no points,
no language proof), and the points route (qualification state-recognised at home unless partial recognition in
Germany, German A1 or English B2, at least 6 points, secured livelihood). Spec: policy/rules.md section 1.
"""

from relokant.policy.person import A1, A2, B1, B2, C1
from relokant.policy.rules import (Check, Points, PointsItem, Rights, Route, any_of, attr, day, dated, first,
                                   fixed, param)

SOURCES = (
    "https://digitale-gesetze.de/gesetze/aufenthg/20a",
    "https://buzer.de/Anlage_AufenthG.htm",
    "https://deubner-recht.de/produkte/arbeitsrecht/doc/-20-b-aufenthg-punktevergabe-fuer-die-chancenkarte-verordnungsermaechtigung-871195",
    "https://ljubljana.diplo.de/si-de/service/-/2664210",
    "https://kafis.org/sperrkonto-hilfe",
)

FUNDS = dated(("2024-06-01", 1027), ("2025-01-01", 1091), unit="EUR/month",
              source="2024: Ljubljana German embassy checklist; 2025: kafis.org, starting-in-germany",
              uncertain="one page (wikimigra, May 2025) states EUR 975/month; ignored as conflicting")

RIGHTS = Rights(work="limited", self_employment=True, family=None, social_benefits=False, validity_months=12,
                notes="work up to 20 h/week on average and trial work up to 2 weeks (§20a(2)); extension for up to "
                      "2 years with a qualified job offer and BA approval (§20a(5)); path to permanent residence "
                      "via a skilled-worker permit or EU Blue Card")

funds_ok = Check("livelihood", attr("funds_eur_month") >= param("funds_eur_month"),
                 "Livelihood secured: funds per month at least the required amount (§20a(4) s.1)")

german = attr("lang.de")
partial_recognition = attr("recognition.DE").eq("partial")

POINTS = Points(
    items=(
        PointsItem("partial_recognition", first((partial_recognition, 4)),
                   "Partial recognition of the qualification in Germany (§20b(1) Nr. 1): 4"),
        PointsItem("german", first((german >= B2, 3), (german >= B1, 2), (german >= A2, 1)),
                   "German B2 or above 3, B1 2, A2 1 (Nr. 2-4; only the highest counts)"),
        PointsItem("english", first((attr("lang.en") >= C1, 1)), "English C1 or above: 1 (Nr. 5)"),
        PointsItem("experience", first((attr("experience_years_last7") >= 5, 3),
                                       (attr("experience_years_last5") >= 2, 2)),
                   "Qualified work experience: 5 years in the last 7: 3; 2 years in the last 5: 2"),
        PointsItem("shortage", first((attr("shortage_occupation"), 1)), "Qualification in a shortage occupation: 1"),
        PointsItem("age", first((attr("age") < 35, 2), (attr("age") < 40, 1)),
                   "Age under 35: 2; 35 to under 40: 1"),
        PointsItem("prior_stay_DE", first((attr("prior_stay_months.DE") >= 6, 1)),
                   "At least 6 months of lawful stay in Germany in the last 5 years, not as a tourist: 1"),
        PointsItem("partner", first((attr("partner_qualifies_jointly"), 1)),
                   "Partner also meets the requirements and applies jointly: 1"),
    ),
    minimum=param("points_minimum"),
    text="Points (§20b(1), Anlage): at least 6",
)

ROUTES = (
    Route(
        id="DE_CHANCENKARTE_SKILLED",
        country="DE",
        name="Chancenkarte, skilled-worker route (Fachkraft)",
        kind="permit",
        valid_from=day("2024-06-01"),
        valid_to=None,
        legal_reference="§20a(3) Nr. 1 AufenthG with §18(3)",
        sources=SOURCES,
        parameters={"funds_eur_month": FUNDS},
        requires=(
            Check("qualification_recognised_in_DE", attr("recognition.DE").eq("full"),
                  "A German qualification or a foreign one fully recognised in Germany"),
            funds_ok,
        ),
        rights=RIGHTS,
        summary="One year to look for work in Germany for recognised skilled workers; no points, no language test.",
    ),
    Route(
        id="DE_CHANCENKARTE_POINTS",
        country="DE",
        name="Chancenkarte, points route",
        kind="permit",
        valid_from=day("2024-06-01"),
        valid_to=None,
        legal_reference="§20a(3) Nr. 2, §20a(4), §20b(1) AufenthG and Anlage",
        sources=SOURCES,
        parameters={"funds_eur_month": FUNDS, "points_minimum": fixed(6, source="§20a(3) Nr. 2 AufenthG")},
        requires=(
            Check("qualification",
                  any_of(attr("qualification_recognised_at_home") & (attr("higher_education") | attr("vocational_2y")),
                         partial_recognition),
                  "A university degree or a vocational qualification of at least 2 years, state-recognised where it "
                  "was obtained (waived with partial recognition in Germany)"),
            Check("language_gate", (german >= A1) | (attr("lang.en") >= B2), "German A1 or English B2 at least"),
            funds_ok,
        ),
        points=POINTS,
        rights=RIGHTS,
        uncertain=("Age boundaries: 'under 35' / '35 to under 40' read as the statute's usual wording; some guides "
                   "say 'up to 35' and 'up to 40'.",
                   "Which criterion belongs to Anlage Nr. 6-12 is inferred from secondary sources."),
        summary="One year to look for work in Germany with at least 6 points.",
    ),
)
