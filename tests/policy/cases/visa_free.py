"""Cases of regime VISA_FREE_STAY (routes in relokant/policy/routes/visa_free.py).

The research's ``allowed`` is the status ('eligible' / 'not eligible'); ``limit_days``, ``limit`` and
``limit_continuous_days`` are the route's ``limit_days`` output (with ``window_days`` where the limit counts a
window). A stay in progress ("continuous_days", "days_in_last_180") is a ``current_stay``; a length of stay on a date
("stay_days") is an intended stay, ``trip.days``, arriving on that date.
"""

from tests.policy.cases import Case


def staying(country, days=0, last_180=0, **extra):
    return {"age": 30, "current_stay": {"country": country, "continuous_days": days, "days_in_last_180": last_180,
                                        **extra}}


def arriving(days, **trip):
    return {"age": 30, "trip": {"days": days, **trip}}


CASES = [
    Case("GE-01", "VISA_FREE_GE", "2023-06-01", staying("GE", 300),
         {"status": "eligible", "outputs": {"limit_days": 365}}),
    # 100 days in the last 180, no temporary residence permit, after the 2023-01-27 change
    Case("KZ-01", "VISA_FREE_KZ", "2023-03-01", staying("KZ", 40, 100, has_residence_permit=False),
         {"status": "not eligible", "failed": ["stay_within_limit"],
          "outputs": {"limit_days": 90, "window_days": 180}}),
    # "exit and re-enter every 90 days" before the change: 60 days since the last re-entry, 170 of the last 180 in
    # Kazakhstan. Only the continuous stay counted then.
    Case("KZ-02", "VISA_FREE_KZ", "2022-12-01", staying("KZ", 60, 170),
         {"status": "eligible", "outputs": {"limit_days": 90, "window_days": None, "visa_run_restarts": True}}),
    Case("RS-01", "VISA_FREE_RS", "2023-06-01", staying("RS", 35, residence_permit_applied=False),
         {"status": "not eligible", "failed": ["stay_within_limit"],
          "outputs": {"limit_days": 30, "visa_run_restarts": True}}),
    Case("ME-01", "VISA_FREE_ME", "2023-06-01", staying("ME", 40),
         {"status": "not eligible", "failed": ["stay_within_limit"],
          "outputs": {"limit_days": 30, "visa_run_restarts": True}}),
    # 80 days arriving inside the window of arrivals 2023-11-01..2024-04-30
    Case("TH-01", "VISA_FREE_TH", "2023-12-01", arriving(80), {"status": "eligible", "outputs": {"limit_days": 90}}),
    Case("TH-03", "VISA_FREE_TH", "2024-08-01", arriving(55),
         {"status": "eligible", "outputs": {"limit_days": 60}, "uncertain": True}),
    # 'allowed: uncertain': the best-supported reading (90 per 180) allows it, the route carries the uncertainty, and
    # the other reading (30 days + one 30-day extension) would need the extension.
    Case("AE-01", "VISA_FREE_AE", "2024-06-01", arriving(45, visa="visa_on_arrival"),
         {"status": "eligible", "uncertain": True,
          "outputs": {"limit_days": 90, "other_reading_limit_days": 60, "other_reading_needs_extension": True}}),
]
