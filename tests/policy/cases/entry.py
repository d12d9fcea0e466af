"""Cases of regimes RU_ENTRY_RESTRICTION_BALTIC_PL, RU_ENTRY_RESTRICTION_FI, FI_EASTERN_BORDER_CLOSURE,
EU_VFA_SUSPENSION and LV_RU_PERMANENT_RESIDENCE_LANGUAGE (routes in relokant/policy/routes/entry.py and
lv_language.py).

The research's keys are entry notions; translated as: ``entry_allowed``/``crossing_possible``: false -> status
'not eligible' with the failed check that refuses it; ``permit_valid``/``must_leave_by`` -> outputs.
"""

from tests.policy.cases import Case

CASES = [
    # Estonia, a Russian tourist with an Italian Schengen C visa, no EU residence permit: refused whatever state
    # issued the visa. (The schema does not record the issuing state; it does not matter for the ban.)
    Case("ENT-01", "ENTRY_SCHENGEN_EE", "2022-10-01",
         {"age": 35, "trip": {"purpose": "tourism", "visa": "schengen_c"}, "status": {"eu_residence_permit": False}},
         {"status": "not eligible", "failed": ["tourist_entry_ban"]}),
    Case("ENT-03", "ENTRY_SCHENGEN_FI", "2022-10-05",
         {"age": 35, "trip": {"purpose": "tourism", "visa": "schengen_c"}},
         {"status": "not eligible", "failed": ["tourist_entry_restriction"]}),
    # An EU residence-permit holder crossing the FI-RU land border: impossible, all crossing points closed.
    Case("ENT-04", "ENTRY_SCHENGEN_FI", "2024-03-01",
         {"age": 35, "trip": {"crossing": "land"}, "status": {"eu_residence_permit": True}},
         {"status": "not eligible", "failed": ["eastern_land_border"],
          "outputs": {"eastern_land_border_open": False, "eastern_land_crossings_open": 0}}),
    # Country 'EU' in the research: the Visa Code terms are the same at every Schengen member; Germany stands for
    # them (no national overlay in rules.md). An ordinary applicant with no visa yet: conditional on obtaining it.
    Case("ENT-05", "ENTRY_SCHENGEN_DE", "2022-10-01",
         {"age": 35, "trip": {"purpose": "tourism", "visa": "none"}},
         {"status": "conditional", "open": ["schengen_visa"],
          "outputs": {"visa_fee_eur": 80, "standard_processing_days": 15, "max_processing_days": 45,
                      "multi_entry_automatic": False}}),
    # A former non-citizen with a permanent permit who neither registered for the A2 test nor applied for EU
    # long-term status: the permit lapsed on 2023-09-02, leave by 2023-11-30.
    Case("LV-LANG-01", "LV_RU_PERMANENT_RESIDENCE", "2023-09-02",
         {"age": 60, "status": {"lv_permanent_permit": True, "former_lv_citizen_or_noncitizen": True,
                                "lv_a2_test_registered": False, "lv_applied_eu_long_term": False}},
         {"status": "not eligible", "failed": ["permit_kept", "latvian_a2"],
          "outputs": {"permit_valid": False, "must_leave_by": "2023-11-30"}}),
]
