"""Cases of regime CASE_RELOCANT_CARD_PROPOSAL (cases.csv), translated. Spec: policy/rules.md section 8.

The case names no Member State (country 'EU'); the card would be issued by one, and ``CASE_RELOCANT_CARD_DE`` stands
for all 27 (identical routes). The case's ``status: proposal_not_law`` is the route's ``proposal`` flag (checked in
test_routes_case_card.py); its ``probation_conditions_met: false`` is the eligibility status 'not eligible'.
"""

from tests.policy.cases import Case

CASES = [
    # CASE-02: only the residence share fails (0.5 < 3/4). The case lists English without a level; the proposal
    # names none and any level counts, so B1 is as good as any.
    Case("CASE-02", "CASE_RELOCANT_CARD_DE", "2024-06-11",
         {"age": 35, "nationalities": ["RU"], "education": {"level": "master"}, "languages": {"en": "B1"},
          "work": {"employed_or_business": True}, "housing": "rent", "share_of_time_in_issuing_state": 0.5},
         {"status": "not eligible", "failed": ["residence_share"], "uncertain": True}),
]
