"""Shared fixtures: every test gets its own data folder (SOCIALVALUE_HOME) and Dagster instance."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialvalue.settings import PROJECT_ROOT, Paths, configure_environment

SAMPLE = PROJECT_ROOT / "sources" / "sample" / "data"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """An empty data folder for one test, with its own warehouse and Dagster run history."""
    monkeypatch.setenv("SOCIALVALUE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return configure_environment()


@pytest.fixture
def sample() -> Path:
    """The bundled sample data (illustrative figures), as committed."""
    return SAMPLE
