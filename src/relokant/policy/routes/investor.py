"""Investor residence ("golden visa") regimes 2022–2025: the pieces every country's investor route shares.

Spec: policy/rules.md section 4 (4.1 Greece ... 4.7 Italy, 4.8/4.9 the suspensions for Russians) and 3.3 (Cyprus
Reg. 6(2)). The routes themselves live in one module per country (``investor_gr.py``, ``investor_pt.py``,
``investor_es.py``, ``investor_mt.py``, ``investor_hu.py``, ``investor_lv.py``, ``investor_it.py``,
``investor_cy.py``); this module declares no route.

Conventions of every investor route:
- The person's planned or made investment is ``Person.investment`` (country, kind, value in EUR, zone, ...). A person
  with no investment yet is *conditional*: every investment check is open while ``investment`` is false, so the
  result says what investment the route asks for and ``outputs['min_eur']`` the minimum applied.
- A route whose scheme is older than the research's scope starts at ``SCOPE_START``: rules.md covers 2022–2025 and
  gives no earlier rule, so nothing before that date is encoded (the scheme is 'not in force' there, which is a
  statement about this encoding, not about the law).
- A holding period (keep the property 5 years) is an obligation after the permit is granted, which no applicant can
  have met on the day they apply: it is reported among the parameters and in the rights' notes, never a check.
- The suspensions for Russians (4.8/4.9 and each country's note) are dated checks ``~suspended | ~russian``: the
  parameter ``ru_suspended`` turns true on the suspension's first day, so the route's outcome changes on that date
  and ``Route.change_dates`` reports it.
"""

from __future__ import annotations

from relokant.policy.rules import Check, Expr, attr, day, dated, includes, param

ROUTES = ()  # shared definitions only; see the investor_<country>.py modules

# rules.md's scope ("residence and entry rules relevant to Russian relocants (2022–2025)").
SCOPE_START = day("2022-01-01")

no_investment = ~attr("investment")


def suspension(first_day: str, source: str, uncertain: str = ""):
    """The dated switch ``ru_suspended``: false from the scope's start, true from ``first_day`` on."""
    return dated((SCOPE_START.isoformat(), False), (first_day, True), source=source, uncertain=uncertain)


def russian_suspension(text: str, nationals: tuple[str, ...] = ("RU",), name: str = "ru_suspended") -> Check:
    """Closed to the listed nationals while ``param(name)`` holds. A dual national is covered too: the suspensions
    name citizens of the country, whatever other citizenship they hold (no exemption is given in rules.md)."""
    covered = attr("ru_citizen") if nationals == ("RU",) else includes("nationalities", *nationals)
    return Check("ru_suspension", ~param(name) | ~covered, text)


def investment_in(country: str, kinds: tuple[str, ...], text: str) -> Check:
    """The investment is one of ``kinds`` and made in ``country``; open while there is no investment yet."""
    return Check("investment", attr("investment_country").eq(country) & attr("investment_kind").isin(kinds), text,
                 open_if=no_investment)


def minimum_investment(minimum: Expr, text: str) -> Check:
    """The investment reaches ``minimum``. Open while there is no investment yet, unless the person's stated total
    assets fall short of the minimum (assets of 0 mean not stated): someone who cannot afford the route is not
    'conditional' on it."""
    affordable = (attr("total_assets_eur") <= 0) | (attr("total_assets_eur") >= minimum)
    return Check("minimum_investment", attr("investment_eur") >= minimum, text, open_if=no_investment & affordable)


def kind_is(*kinds: str) -> Expr:
    return attr("investment_kind").isin(kinds)


def zone_is(*zones: str) -> Expr:
    return attr("investment_zone").isin(zones)


__all__ = ["ROUTES", "SCOPE_START", "investment_in", "kind_is", "minimum_investment", "no_investment",
           "russian_suspension", "suspension", "zone_is"]
