"""What the report's self-contained sections (the claim, validation, sensitivity) share: the Jinja environment their
inline templates are compiled in, and the plotly configuration of every figure (no logo, resizes with the page)."""

from __future__ import annotations

from jinja2 import Environment, StrictUndefined

PLOT_CONFIG = {"displaylogo": False, "responsive": True}

SECTION_ENV = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
