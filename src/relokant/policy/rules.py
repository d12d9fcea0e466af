"""The rule format: routes as small Python declarations over a safe expression tree.

Why Python declarations rather than YAML conditions: a condition is an expression tree built from ``attr``,
``param`` and ``const`` with Python operators (``attr("age") < 35``, ``a & b``, ``if_(cond, 2, 0)``), so it is
checked by the interpreter and linters, navigable in an editor, never passed to eval/exec, and evaluates the same
way on one person (scalars, with a trace of every comparison and its values) and on a whole population (numpy
arrays). The data that change — thresholds, points, funds by date — live in ``Dated`` parameters beside the
condition, each with its source, in the manner of OpenFisca/PolicyEngine parameters.

A ``Route`` is one way to enter or stay in a country: id, country, kind, validity dates, legal reference and
sources, dated parameters, requirements (``Check``), an optional points system (``Points``), what cannot be checked
from a person's data (``conditional_on``: discretion, a labour-market test), the rights it grants (``Rights``) and
``uncertain`` notes where the researched rules conflict.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import numpy as np

# ---------------------------------------------------------------------------------------------------------------
# Expressions


@dataclass(frozen=True)
class Categorical:
    """A text column stored as integer codes into ``categories`` (as the population stores its categories):
    equality and membership then compare integers, not strings."""

    codes: np.ndarray
    categories: tuple[str, ...]

    @classmethod
    def from_values(cls, values: np.ndarray) -> "Categorical":
        categories, codes = np.unique(np.asarray(values, dtype=str), return_inverse=True)
        return cls(codes.astype(np.int32), tuple(str(c) for c in categories))

    def code(self, value) -> int:
        return self.categories.index(value) if value in self.categories else -1

    def values(self) -> np.ndarray:
        return np.asarray(self.categories, dtype=object)[self.codes]

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index) -> "Categorical":
        return Categorical(self.codes[index], self.categories)


@dataclass
class Env:
    """What an expression is evaluated against: person attributes (scalars or arrays) and route parameters."""

    values: dict[str, Any]
    params: dict[str, Any]
    # Every value is one person's scalar: ``and``/``or``/``if`` may then stop at the first part that decides, as
    # Python does (the explainer's case; a population's arrays need every part).
    one_person: bool = False


class Expr:
    """A node of a condition. Operators build trees; ``evaluate`` computes, ``show`` renders with values."""

    def evaluate(self, env: Env):  # pragma: no cover - abstract
        raise NotImplementedError

    def show(self, env: Env) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def label(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    # comparisons (``==`` is not overloaded, so expressions stay hashable: use ``.eq``/``.ne``)
    def __ge__(self, other):
        return Compare(">=", self, wrap(other))

    def __gt__(self, other):
        return Compare(">", self, wrap(other))

    def __le__(self, other):
        return Compare("<=", self, wrap(other))

    def __lt__(self, other):
        return Compare("<", self, wrap(other))

    def eq(self, other):
        return Compare("==", self, wrap(other))

    def ne(self, other):
        return Compare("!=", self, wrap(other))

    def isin(self, values):
        return IsIn(self, tuple(values))

    # logic
    def __and__(self, other):
        return All((self, wrap(other)))

    def __or__(self, other):
        return Any_((self, wrap(other)))

    def __invert__(self):
        return Not(self)

    # arithmetic
    def __add__(self, other):
        return Arith("+", self, wrap(other))

    def __radd__(self, other):
        return Arith("+", wrap(other), self)

    def __sub__(self, other):
        return Arith("-", self, wrap(other))

    def __mul__(self, other):
        return Arith("*", self, wrap(other))

    def __rmul__(self, other):
        return Arith("*", wrap(other), self)

    def __truediv__(self, other):
        return Arith("/", self, wrap(other))


def wrap(value) -> Expr:
    return value if isinstance(value, Expr) else Const(value)


_PLAIN_SCALARS = (bool, int, float, str, np.generic)
# Exact types (``type(x) in``), so numpy scalars and Categorical never take the Python-operator fast paths.
_NUMBER_TYPES = frozenset((int, float, bool))  # compared by Python as numpy compares them
_PLAIN_NUMBERS = frozenset((int, float))  # added and multiplied alike (numpy adds bools as a logical or)


def _scalar(value) -> bool:
    """``np.ndim(value) == 0`` without its dispatch cost where it is paid most: one person's values are Python
    scalars, evaluated ~100 routes per eligibility answer."""
    return isinstance(value, _PLAIN_SCALARS) or np.ndim(value) == 0


def _fmt(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, (int, np.integer)):
        return f"{value:,}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, eq=False)
class Attr(Expr):
    """A person attribute by its flat name (see ``relokant.policy.person.ATTRIBUTES``)."""

    name: str

    def evaluate(self, env):
        try:
            return env.values[self.name]
        except KeyError:
            raise KeyError(f"person attribute {self.name!r} is not provided") from None

    def show(self, env):
        value = self.evaluate(env)
        if self.name.startswith("lang.") and _scalar(value):
            return f"{self.name} = {_cefr(value)}"
        return f"{self.name} = {_fmt(value)}"

    def label(self):
        return self.name


def _cefr(level) -> str:
    names = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
    return names[int(level)] if 0 <= int(level) < len(names) else str(level)


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A route parameter, resolved at the evaluation date."""

    name: str

    def evaluate(self, env):
        return env.params[self.name]

    def show(self, env):
        return f"required {self.name} = {_fmt(self.evaluate(env))}"

    def label(self):
        return f"rule.{self.name}"


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: Any

    def evaluate(self, env):
        return self.value

    def show(self, env):
        return _fmt(self.value)

    def label(self):
        return _fmt(self.value)


_COMPARE: dict[str, Callable] = {
    ">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less, "==": np.equal,
    "!=": np.not_equal,
}
# The same comparisons on two Python numbers (one person): the same answers, without a ufunc call each.
_COMPARE_SCALAR: dict[str, Callable] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq, "!=": operator.ne,
}


@dataclass(frozen=True, eq=False)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr

    def evaluate(self, env):
        left, right = self.left.evaluate(env), self.right.evaluate(env)
        if type(left) in _NUMBER_TYPES and type(right) in _NUMBER_TYPES:
            return _COMPARE_SCALAR[self.op](left, right)
        if isinstance(left, Categorical) and isinstance(right, str) and self.op in ("==", "!="):
            equal = left.codes == left.code(right)
            return equal if self.op == "==" else ~equal
        left = left.values() if isinstance(left, Categorical) else left
        right = right.values() if isinstance(right, Categorical) else right
        if isinstance(left, str) or isinstance(right, str):  # numpy ufuncs on str scalars are not portable
            if self.op in ("==", "!="):
                return (left == right) if self.op == "==" else (left != right)
        result = _COMPARE[self.op](left, right)
        return bool(result) if _scalar(result) else result

    def show(self, env):
        return f"{self.left.show(env)} {self.op} {self._right_text(self.right.show(env))}"

    def label(self):
        return f"{self.left.label()} {self.op} {self._right_text(self.right.label())}"

    def _right_text(self, text: str) -> str:
        # language levels are ordinals in the arithmetic, CEFR names for people
        if isinstance(self.left, Attr) and self.left.name.startswith("lang.") and isinstance(self.right, Const):
            return _cefr(self.right.value)
        return text


@dataclass(frozen=True, eq=False)
class IsIn(Expr):
    item: Expr
    options: tuple

    def evaluate(self, env):
        value = self.item.evaluate(env)
        if isinstance(value, Categorical):
            return np.isin(value.codes, [value.code(option) for option in self.options])
        if _scalar(value):
            return value in self.options
        # An OR of equalities: for the few options a rule lists this is far faster than np.isin on strings.
        out = np.zeros(np.shape(value), bool)
        for option in self.options:
            out |= np.asarray(value == option, dtype=bool)
        return out

    @cached_property
    def options_text(self) -> str:  # rendered once: some rules list dozens of countries or occupations
        return _fmt(self.options)

    def show(self, env):
        return f"{self.item.show(env)} in {self.options_text}"

    def label(self):
        return f"{self.item.label()} in {self.options_text}"


@dataclass(frozen=True, eq=False)
class Contains(Expr):
    """A tuple-valued attribute (e.g. nationalities) contains any of ``options``."""

    items: Expr
    options: tuple

    def evaluate(self, env):
        value = self.items.evaluate(env)
        if isinstance(value, tuple):
            return any(v in self.options for v in value)
        # vectorized: an object array of tuples
        return np.fromiter((any(v in self.options for v in row) for row in value), bool, len(value))

    @cached_property
    def options_text(self) -> str:
        return _fmt(self.options)

    def show(self, env):
        return f"{self.items.show(env)} includes one of {self.options_text}"

    def label(self):
        return f"{self.items.label()} includes one of {self.options_text}"


def _logical(values, op):
    for v in values:
        if not _scalar(v):
            break
    else:
        return all(values) if op is np.logical_and else any(values)
    out = values[0]
    for v in values[1:]:
        out = op(out, v)
    return out


@dataclass(frozen=True, eq=False)
class All(Expr):
    parts: tuple

    def evaluate(self, env):
        if env.one_person:
            return all(p.evaluate(env) for p in self.parts)
        return _logical([p.evaluate(env) for p in self.parts], np.logical_and)

    def show(self, env):
        return " and ".join(f"({p.show(env)})" for p in self.parts)

    def label(self):
        return " and ".join(f"({p.label()})" for p in self.parts)


@dataclass(frozen=True, eq=False)
class Any_(Expr):
    parts: tuple

    def evaluate(self, env):
        if env.one_person:
            return any(p.evaluate(env) for p in self.parts)
        return _logical([p.evaluate(env) for p in self.parts], np.logical_or)

    def show(self, env):
        return " or ".join(f"({p.show(env)})" for p in self.parts)

    def label(self):
        return " or ".join(f"({p.label()})" for p in self.parts)


@dataclass(frozen=True, eq=False)
class Not(Expr):
    part: Expr

    def evaluate(self, env):
        value = self.part.evaluate(env)
        return (not value) if _scalar(value) else np.logical_not(value)

    def show(self, env):
        return f"not ({self.part.show(env)})"

    def label(self):
        return f"not ({self.part.label()})"


_ARITH: dict[str, Callable] = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide}
# Python's own on two non-bool Python numbers; not division (numpy divides by zero to inf, Python raises).
_ARITH_SCALAR: dict[str, Callable] = {"+": operator.add, "-": operator.sub, "*": operator.mul}


@dataclass(frozen=True, eq=False)
class Arith(Expr):
    op: str
    left: Expr
    right: Expr

    def evaluate(self, env):
        left, right = self.left.evaluate(env), self.right.evaluate(env)
        if type(left) in _PLAIN_NUMBERS and type(right) in _PLAIN_NUMBERS and self.op in _ARITH_SCALAR:
            return _ARITH_SCALAR[self.op](left, right)
        result = _ARITH[self.op](left, right)
        return result.item() if _scalar(result) else result

    def show(self, env):
        return f"({self.left.show(env)} {self.op} {self.right.show(env)})"

    def label(self):
        return f"({self.left.label()} {self.op} {self.right.label()})"


@dataclass(frozen=True, eq=False)
class If(Expr):
    condition: Expr
    then: Expr
    otherwise: Expr

    def evaluate(self, env):
        cond = self.condition.evaluate(env)
        if env.one_person:
            return (self.then if cond else self.otherwise).evaluate(env)
        then, otherwise = self.then.evaluate(env), self.otherwise.evaluate(env)
        if _scalar(cond):
            return then if cond else otherwise
        return np.where(cond, then, otherwise)

    def show(self, env):
        cond = self.condition.evaluate(env)
        branch = self.then if (cond if _scalar(cond) else False) else self.otherwise
        return f"{branch.show(env)} since {self.condition.show(env)}"

    def label(self):
        return f"if {self.condition.label()} then {self.then.label()} else {self.otherwise.label()}"


def attr(name: str) -> Attr:
    return Attr(name)


def param(name: str) -> Param:
    return Param(name)


def const(value) -> Const:
    return Const(value)


def all_of(*parts) -> Expr:
    return All(tuple(wrap(p) for p in parts))


def any_of(*parts) -> Expr:
    return Any_(tuple(wrap(p) for p in parts))


def if_(condition, then, otherwise) -> Expr:
    return If(wrap(condition), wrap(then), wrap(otherwise))


def first(*branches: tuple[Any, Any], default=0) -> Expr:
    """The value of the first branch whose condition holds (exclusive tiers of a points table)."""
    expr = wrap(default)
    for condition, value in reversed(branches):
        expr = if_(condition, value, expr)
    return expr


def includes(items: str | Expr, *options: str) -> Expr:
    return Contains(wrap(attr(items) if isinstance(items, str) else items), tuple(options))


# ---------------------------------------------------------------------------------------------------------------
# Dated parameters, checks, points, rights, routes


@dataclass(frozen=True)
class Dated:
    """A parameter whose value changes by date: ``values`` maps the first day a value applies to the value.

    Before the first date the parameter has no value (``None``): the route was not yet in force or the figure is
    unknown. ``source`` names where each value comes from; ``uncertain`` says where the sources conflict.
    """

    values: tuple[tuple[dt.date, Any], ...]
    source: str = ""
    unit: str = ""
    uncertain: str = ""

    def at(self, on: dt.date):
        current = None
        for start, value in sorted(self.values, key=lambda item: item[0]):
            if start <= on:
                current = value
        return current

    def change_dates(self) -> list[dt.date]:
        return sorted(start for start, _ in self.values)


def dated(*pairs: tuple[str, Any], source: str = "", unit: str = "", uncertain: str = "") -> Dated:
    """``dated(("2024-06-01", 1027), ("2025-01-01", 1091), source=...)``."""
    return Dated(tuple((dt.date.fromisoformat(day), value) for day, value in pairs), source, unit, uncertain)


def fixed(value, source: str = "", unit: str = "", uncertain: str = "") -> Dated:
    """A parameter with one value for the whole life of the route."""
    return Dated(((dt.date.min, value),), source, unit, uncertain)


@dataclass(frozen=True)
class Check:
    """One requirement: ``condition`` must hold.

    ``open_if``: when this holds the check is not failed but open — the person has not yet got what it asks for
    (a job offer, an investment) — and the route becomes conditional on it instead of closed.
    ``stage="renewal"``: a condition for keeping the permit (a probation year's), not for obtaining it: the
    explainer shows it, the engine's entry decision ignores it.
    """

    id: str
    condition: Expr
    text: str
    open_if: Expr | None = None
    stage: str = "application"  # or "renewal": only checked when the permit is renewed (a probation year)


@dataclass(frozen=True)
class PointsItem:
    id: str
    points: Expr
    text: str


@dataclass(frozen=True)
class Points:
    items: tuple[PointsItem, ...]
    minimum: Expr
    text: str = "points"


@dataclass(frozen=True)
class Rights:
    """What a route grants. ``work``: 'full', 'limited' (hours or sector caps), 'employer' (tied to an employer),
    'self' (own business only) or 'none'. Months are ``None`` where the rules give no figure."""

    work: str = "none"
    self_employment: bool = False
    family: bool | None = None
    social_benefits: bool = False
    months_to_permanent: int | None = None
    validity_months: int | None = None
    max_stay_days: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Route:
    id: str
    country: str
    name: str
    kind: str  # 'permit', 'investor', 'visa_free', 'entry', 'asylum', 'humanitarian', 'banking', 'citizenship', ...
    valid_from: dt.date
    valid_to: dt.date | None
    legal_reference: str
    sources: tuple[str, ...]
    requires: tuple[Check, ...] = ()
    parameters: dict[str, Dated] = field(default_factory=dict)
    points: Points | None = None
    conditional_on: tuple[str, ...] = ()
    rights: Rights = Rights()
    outputs: dict[str, Expr] = field(default_factory=dict)  # extra figures to report (e.g. the threshold applied)
    uncertain: tuple[str, ...] = ()
    proposal: bool = False  # a policy proposal, not law: only in counterfactual scenarios
    # The regime is older than ``valid_from``, which is where the researched figures start (the EU Blue Card exists
    # since Directive 2009/50/EC). The explainer answers 'not in force' before it; the engine, which simulates from
    # 2022, applies the earliest researched figures back to its start rather than pretend the route was closed.
    predates_encoding: bool = False
    summary: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    def parameters_at(self, on: dt.date) -> dict[str, Any]:
        return {name: p.at(on) for name, p in self.parameters.items()}

    def change_dates(self) -> list[dt.date]:
        """Every date at which this route's outcome can change: validity bounds and parameter changes."""
        dates = {self.valid_from} | ({self.valid_to} if self.valid_to else set())
        for p in self.parameters.values():
            dates |= {d for d in p.change_dates() if d != dt.date.min}
        return sorted(dates)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
