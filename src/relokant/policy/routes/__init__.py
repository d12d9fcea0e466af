"""The routes: every module in this package declares ``ROUTES``, a tuple of ``Route``; they are collected here.

Add a regime by adding a module with its ``ROUTES`` (see ``de_chancenkarte.py`` for a complete worked example) and
its case tests in ``tests/policy/``; nothing else needs registering.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from relokant.errors import InputError
from relokant.policy.rules import Route


@lru_cache(maxsize=1)
def all_routes() -> tuple[Route, ...]:
    routes: list[Route] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        routes.extend(importlib.import_module(f"{__name__}.{module}").ROUTES)
    ids = [r.id for r in routes]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"route ids declared twice: {sorted(duplicates)}")
    return tuple(routes)


def get(route_id: str) -> Route:
    for route in all_routes():
        if route.id == route_id:
            return route
    raise InputError(f"unknown route {route_id!r} (see `relokant routes list`)")


def for_country(country: str) -> tuple[Route, ...]:
    return tuple(r for r in all_routes() if r.country == country)
