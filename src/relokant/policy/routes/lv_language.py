"""Latvia: Russian citizens who were Latvian citizens or non-citizens and hold permanent residence permits must
show Latvian A2 to keep residing. Legal basis: Immigration Law amendments of Sep 2022, Saeima amendment of
2023-09-14. Spec: policy/rules.md section 5.6.

The route answers "may this person keep residing in Latvia?" ('eligible': yes; 'conditional': on passing the A2
retake while on the 2-year temporary permit; 'not eligible': the permit lapsed).
- their permanent permits were valid until 2023-09-01 (so lapsed from 2023-09-02);
- to keep residence they had to apply for EU long-term resident status, which requires Latvian A2;
- from 2023-09-14 those who had registered for the test (or failed it for valid reasons) got 2 more years on a
  temporary permit while retaking it;
- those who did nothing were told their permits expired on 2023-09-02 and that they must leave by 2023-11-30.
Dates (each tested on both sides in tests/policy/test_routes_entry.py): 2023-09-02, 2023-09-14, 2023-12-01.

The route starts in Sep 2022 (the amendment; rules.md gives the month only, so the first day is used): the outcome
is the same on any day before 2023-09-02, when the permits were still valid.
"""

from relokant.policy.person import A2
from relokant.policy.rules import Check, Rights, Route, all_of, attr, const, dated, day, fixed, if_, param

SOURCES = (
    "https://viabaltica.fi/latvia-over-3500-russian-citizens-asked-to-leave/",
    "https://viabaltica.fi/latvia-around-4500-russians-may-be-asked-to-leave/",
    "https://todaytimeslive.com/world/402978.html",
    "https://myboxingnews.com/latvia-may-force-more-than-3200-russians-to-leave-the-country/",
    "https://pledgetimes.com/latvia-to-tighten-rules-for-extending-residence-permits-for-a-number-of-russians/",
    "http://hbcomp.co.uk/about/news_and_mailings/news_jurisdictions/6512/",
)

PERMIT_VALID = param("permanent_permit_valid")
ON_GRACE = attr("lv_a2_test_registered") & param("grace_for_test_registrants")
KEPT = PERMIT_VALID | attr("lv_applied_eu_long_term") | ON_GRACE
ON_TEMPORARY_PERMIT = all_of(~PERMIT_VALID, ~attr("lv_applied_eu_long_term"), ON_GRACE)

ROUTES = (
    Route(
        id="LV_RU_PERMANENT_RESIDENCE",
        country="LV",
        name="Latvia: permanent residence of a Russian citizen who was a Latvian citizen or non-citizen (A2 test)",
        kind="residence",
        valid_from=day("2022-09-01"),
        valid_to=None,
        legal_reference="Immigration Law amendments (Sep 2022); Saeima amendment of 2023-09-14",
        sources=SOURCES,
        parameters={
            # 'valid only until 2023-09-01'; those who did nothing were told their permits expired on 2023-09-02
            "permanent_permit_valid": dated(("2022-09-01", True), ("2023-09-02", False),
                                            source="viabaltica.fi (3,541 told permits expired 2023-09-02)"),
            "required_latvian_level": fixed(A2, unit="CEFR ordinal", source="rules.md 5.6: EU long-term status "
                                                                            "requires Latvian A2"),
            "grace_for_test_registrants": dated(("2022-09-01", False), ("2023-09-14", True),
                                                source="Saeima, 2023-09-14 (viabaltica.fi, todaytimeslive.com)"),
            "temporary_permit_years": dated(("2023-09-14", 2), unit="years",
                                            source="Saeima, 2023-09-14: 2 more years"),
            "leave_by": dated(("2023-09-02", day("2023-11-30")), source="viabaltica.fi: must leave by 2023-11-30"),
            "departure_deadline_passed": dated(("2022-09-01", False), ("2023-12-01", True),
                                               source="deadline 2023-11-30 (viabaltica.fi)"),
            # The Aug 2024 letters to temporary-permit holders (Izvestia via pledgetimes): UNCERTAIN.
            "a2_certificate_due": fixed(day("2025-06-30"), source="pledgetimes.com (Izvestia), Aug 2024",
                                        uncertain="single secondary source"),
            "retake_by": fixed(day("2025-10-31"), source="pledgetimes.com (Izvestia), Aug 2024",
                               uncertain="single secondary source"),
        },
        requires=(
            Check("russian_citizen", attr("ru_citizen"), "Holds Russian citizenship"),
            Check("in_scope", attr("lv_permanent_permit") & attr("former_lv_citizen_or_noncitizen"),
                  "Holds a Latvian permanent residence permit and was a Latvian citizen or non-citizen (the group "
                  "the 2022 amendment addresses)"),
            Check("permit_kept", KEPT,
                  "Residence kept: the permanent permit is still valid (until 2023-09-01), or EU long-term resident "
                  "status was applied for, or (from 2023-09-14) registered for the A2 test: 2-year temporary permit"),
            Check("latvian_a2", PERMIT_VALID | (attr("lang.lv") >= param("required_latvian_level")),
                  "Latvian A2 (required for EU long-term resident status once the permanent permit lapsed)",
                  # registrants on the 2-year temporary permit still have to pass the retake
                  open_if=ON_GRACE),
        ),
        outputs={
            "permit_valid": PERMIT_VALID,
            "residence_kept": KEPT,
            "must_leave_by": if_(KEPT, const(None), param("leave_by")),
            "departure_deadline_passed": if_(KEPT, const(False), param("departure_deadline_passed")),
            "temporary_permit_years": if_(ON_TEMPORARY_PERMIT, param("temporary_permit_years"), const(None)),
            "a2_certificate_due": if_(ON_TEMPORARY_PERMIT, param("a2_certificate_due"), const(None)),
            "retake_by": if_(ON_TEMPORARY_PERMIT, param("retake_by"), const(None)),
        },
        rights=Rights(work="full", notes="residence continues on the permanent permit, on EU long-term resident status "
                                         "or on the 2-year temporary permit (work: the general effect of such "
                                         "permits, not stated in rules.md); cancellation by Nov 2025 for those "
                                         "without A2 (Izvestia via pledgetimes, UNCERTAIN)"),
        uncertain=("Aug 2024 letters (Izvestia via pledgetimes): A2 certificate and questionnaires by 2025-06-30, "
                   "retake by 2025-10-31, cancellation by Nov 2025 (no day given: not encoded as a lapse).",
                   "Registrants between 2023-09-02 and the Saeima amendment of 2023-09-14 are encoded as lapsed; "
                   "rules.md does not say whether the amendment applied retroactively.",
                   "An EU long-term application counts as keeping residence while pending; its outcome needs A2."),
        summary="Whether a Russian holder of a Latvian permanent permit (former citizen or non-citizen) keeps "
                "residence after the A2 requirement.",
    ),
)
