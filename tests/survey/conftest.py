"""Shared fixtures for the survey tests: the shipped SYNTHETIC demo (read once) and a small real-shaped survey."""

from __future__ import annotations

from pathlib import Path

import pytest

from relokant import survey


@pytest.fixture(scope="session")
def demo_paths() -> tuple[Path, Path]:
    return Path(str(survey.DEMO_SURVEY)), Path(str(survey.DEMO_MARGINS))


@pytest.fixture(scope="session")
def demo_survey(demo_paths):
    return survey.read_survey(demo_paths[0])


@pytest.fixture(scope="session")
def demo_margins(demo_paths):
    return survey.load_margins(demo_paths[1])


@pytest.fixture(scope="session")
def demo_profile(demo_survey, demo_margins):
    """The shipped demo's raked profile, no baseline (the baseline has its own test)."""
    return survey.profile(demo_survey, demo_margins, replicates=300, seed=1, baseline=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
