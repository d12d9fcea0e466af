"""Claims about policy, evaluated by simulation: "Europe could accept up to 3 million Russians with EUR 400-500
billion in 3-5 years" (the CASE op-ed), and any claim declared like it.

Inputs: a claim id (``names()``; declarations in ``relokant.claims.declarations``), run options. Outputs:
``evaluate(claim_id, ...) -> ClaimResult`` (the policy's paired effect with intervals beside the claimed figures, the
hinge table, a plain-words verdict; ``to_dict()`` for JSON) and ``render.claim_view(result)`` for the terminal. The
HTML section is ``relokant.report.claim.render_claim_section``.
"""

from relokant.claims.declarations import CLAIMS, Claim, Figure, Hinge, Quantity, get, names
from relokant.claims.evaluate import ClaimResult, HingeRow, Interval, Row, evaluate

__all__ = ["CLAIMS", "Claim", "ClaimResult", "Figure", "Hinge", "HingeRow", "Interval", "Quantity", "Row", "evaluate",
           "get", "names"]
