"""Policy: who may go where, when, and with which rights (rules as code).

- ``rules``: the rule format (dated parameters, a safe expression tree for conditions, routes with rights).
- ``routes/``: the residence and entry routes as declarations, one module per regime.
- ``person``: the typed person schema a route is evaluated against (currency and period conversion included).
- ``eligibility``: one person at a date -> a result per route with its explanation; a whole population's arrays at a
  date -> a status array per route. ``explain`` renders results for people.

Which routes are in force in a scenario (and with which parameters) is the scenario's business; the engine compiles
both into what it uses each month (``relokant.engine.regime``).
"""

# ``relokant.policy.eligibility(person, date)`` is the one-person API; the module of the same name stays importable
# as ``relokant.policy.eligibility`` through ``from relokant.policy.eligibility import ...``.
from relokant.policy.eligibility import eligibility, evaluate_population  # noqa: E402

__all__ = ["eligibility", "evaluate_population"]
