"""Policy: who may go where, when, and with which rights.

- ``rules``: the rule format (dated parameters, a safe expression tree for conditions, routes with rights).
- ``routes/``: the residence and entry routes as declarations, one module per regime.
- ``person``: the typed person schema a route is evaluated against (currency and period conversion included).
- ``eligibility``: one person at a date -> a result per route with its explanation; a whole population's arrays at a
  date -> a status array per route.
- ``regime``: the scenario's per-country openness index compiled to month x place arrays (the engine's input).
"""

from relokant.policy.regime import Regime, compile_regime, effective_month

__all__ = ["Regime", "compile_regime", "effective_month"]
