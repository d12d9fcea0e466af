"""Load a scenario YAML file: parse, follow ``extends:``, merge, validate, and turn every problem into one line.

Merging a child over its parent: scalars are replaced, ``parameters`` are merged key by key, ``shocks`` are merged by
``id`` (a child shock replaces the parent's with the same id), ``policy`` and ``routes`` entries are appended after
the parent's so that they take precedence from their dates on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from relokant import evidence
from relokant.errors import InputError
from relokant.scenario.model import Scenario


def load(path: str | Path) -> Scenario:
    """The validated scenario in ``path``, with its ``extends:`` chain resolved."""
    path = Path(path)
    return _validated(_resolve(path, ()), path)


def loads(text: str, *, name_for_errors: str = "<scenario>", base_dir: Path | None = None) -> Scenario:
    """Validate a scenario given as YAML text (``extends:`` is resolved relative to ``base_dir``)."""
    raw = _parse(text, name_for_errors)
    raw = _merge_parent(raw, Path(name_for_errors), base_dir or Path.cwd(), ())
    return _validated(raw, Path(name_for_errors))


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text, so pydantic validates them and an impossible date is
    reported with its key path instead of escaping from the YAML parser."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"{where}: {line}invalid YAML: {problem}") from None
    if raw is None:
        raise InputError(f"{where}: the file is empty")
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a mapping of scenario keys at the top level, got {type(raw).__name__}")
    return raw


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputError(f"{path}: file not found" if not path.exists() else f"{path}: not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc.__class__.__name__}") from None
    return _parse(text, str(path))


def _resolve(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    key = path.resolve()
    raw = _read(path)
    return _merge_parent(raw, path, path.parent, (*chain, key))


def _merge_parent(raw: dict[str, Any], path: Path, base_dir: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    parent_ref = raw.pop("extends", None)
    if parent_ref is None:
        return raw
    if not isinstance(parent_ref, str) or not parent_ref:
        raise InputError(f"{path}: extends: expected a file path, got {parent_ref!r}")
    parent_path = base_dir / parent_ref
    if not parent_path.exists() and builtin(Path(parent_ref).stem).is_file() and "/" not in parent_ref:
        parent_path = builtin(Path(parent_ref).stem)  # `extends: baseline` names a shipped scenario
    if not parent_path.exists():
        raise InputError(f"{path}: extends: file not found: {parent_ref} (looked in {base_dir}, and among the "
                         f"shipped scenarios {', '.join(shipped())})")
    if parent_path.resolve() in chain:  # reported against the file whose extends: closes the loop
        cycle = " -> ".join(str(p) for p in (*chain, parent_path.resolve()))
        raise InputError(f"{path}: extends: {parent_ref} closes a cycle ({cycle})")
    parent = _resolve(parent_path, chain)
    _validated(parent, parent_path)  # a bad parent is reported against its own file
    return _merge(parent, raw, path)


def _merge(parent: dict[str, Any], child: dict[str, Any], path: Path) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if key == "parameters" and isinstance(value, dict) and isinstance(parent.get(key), dict):
            merged[key] = {**parent[key], **value}
        elif key == "shocks" and isinstance(value, list) and isinstance(parent.get(key), list):
            by_id = {s.get("id"): s for s in parent[key] if isinstance(s, dict)}
            for shock in value:
                if isinstance(shock, dict):
                    by_id[shock.get("id")] = shock
                else:
                    raise InputError(f"{path}: shocks: expected a list of mappings")
            merged[key] = list(by_id.values())
        elif key in ("policy", "routes") and isinstance(value, list) and isinstance(parent.get(key), list):
            merged[key] = [*parent[key], *value]
        else:
            merged[key] = value
    return merged


def _validated(raw: dict[str, Any], path: Path) -> Scenario:
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"{path}: {_first_problem(exc)}") from None
    for i, entry in enumerate(scenario.policy):
        for field in ("openness", "capital_acceptance"):
            ref = getattr(entry, field)
            if isinstance(ref, str):
                try:
                    evidence.sourced(ref)
                except InputError as err:
                    raise InputError(f"{path}: policy.{i}.{field}: {err}") from None
    return scenario


_TYPE_TAGS = {"float", "int", "str", "constrained-str", "date", "bool", "function-after[_openness(), float]"}


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = [str(part) for part in first["loc"]]
    # A union (number or reference) reports one error per member: report the field once.
    if len(loc) > 1 and (loc[-1] in _TYPE_TAGS or loc[-1].startswith(("function-", "constrained-"))):
        loc = loc[:-1]
        union = [e for e in errors if [str(p) for p in e["loc"]][: len(loc)] == loc]
        if len(union) > 1:
            return f"{'.'.join(loc)}: expected a number or a reference like 'as:ID', got {first['input']!r}"
    message = _message(first)
    where = ".".join(loc)
    return f"{where}: {message}" if where else message


def _message(error: dict) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key missing"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected an integer, got {given!r}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {given!r}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date YYYY-MM-DD, got {given!r}"
    if kind in ("string_type",):
        return f"expected text, got {given!r}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        expected = {"list_type": "a list", "dict_type": "a mapping"}.get(kind, "a mapping")
        return f"expected {expected}, got {given!r}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = next(iter(ctx.values())) if ctx else "?"
        relation = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">",
                    "less_than": "<"}[kind]
        return f"must be {relation} {bound}, got {given!r}"
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}, got {given!r}"
    if kind == "string_pattern_mismatch":
        return f"invalid value {given!r}"
    if kind == "string_too_short":
        return "must not be empty"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return " ".join(message.split())


def builtin(name: str) -> Path:
    """Path of a scenario shipped with relokant (``baseline``, ``case-proposal``)."""
    from importlib import resources

    return Path(str(resources.files("relokant.scenarios") / f"{name}.yaml"))


def shipped() -> list[str]:
    """Names of the scenarios shipped with relokant."""
    from importlib import resources

    return sorted(p.name[: -len(".yaml")] for p in resources.files("relokant.scenarios").iterdir()
                  if p.name.endswith(".yaml"))


def locate(name_or_path: str | Path) -> Path:
    """A scenario file path: the path itself if it exists, else a shipped scenario of that name."""
    path = Path(name_or_path)
    if path.exists() or path.suffix in (".yaml", ".yml"):
        return path
    if builtin(str(name_or_path)).is_file():
        return builtin(str(name_or_path))
    raise InputError(f"{name_or_path}: not a scenario file nor a shipped scenario ({', '.join(shipped())})")


def with_options(scenario: Scenario, **options) -> Scenario:
    """The scenario with run options (``sample_size``, ``draws``, ``seed``) replaced, validated like the file."""
    updates = {key: value for key, value in options.items() if value is not None}
    if not updates:
        return scenario
    try:
        return Scenario.model_validate({**scenario.canonical(), **updates})
    except ValidationError as exc:
        problem = _first_problem(exc)
        option, _, rest = problem.partition(": ")
        raise InputError(f"--{option.replace('_', '-')}: {rest}" if option in updates else problem) from None
