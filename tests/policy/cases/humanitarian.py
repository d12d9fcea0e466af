"""Cases of regimes FR_ASYLUM_RU_DESERTERS and DE_SEC22_HUMANITARIAN_ADMISSION (routes in
relokant/policy/routes/humanitarian.py).

Individual assessment and discretionary admission are 'conditional'; the research's keys
(``refugee_status_possible``, ``entitlement``, ``within_admission_profile``) are outputs.
"""

from tests.policy.cases import Case

CASES = [
    Case("FR-ASY-01", "FR_CNDA_MOBILISATION", "2023-09-01",
         {"age": 30, "status": {"deserted": True, "mobilised_with_proof": True}},
         {"status": "conditional", "outputs": {"refugee_status_possible": True, "entitlement": False}}),
    Case("DE-HUM-01", "DE_SEC22_ADMISSION", "2023-06-01",
         {"age": 40, "status": {"individually_at_risk": True, "at_risk_profile": "independent_journalist"}},
         {"status": "conditional", "outputs": {"entitlement": False, "within_admission_profile": True}}),
]
