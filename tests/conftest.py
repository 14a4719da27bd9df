"""Shared fixtures: every test gets its own data folder (SOCIALVALUE_HOME) and Dagster instance."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from basics.settings import Paths, configure_environment
from samples import DATA as SAMPLE


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


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after `socialvalue demo`: the whole sample loaded through Dagster, the marts
    built, the site and extracts published. Built once per test session; tests must treat it as
    read-only (copy it first to change anything)."""
    from socialvalue.demo import run_demo

    folder = tmp_path_factory.mktemp("demo") / "home"
    with data_folder(folder):
        report = run_demo()
        assert report.ok, report.publish_error or [
            r for r in report.loads if r["status"] in ("refused", "failed")]
    return folder


@contextmanager
def data_folder(folder: Path) -> Iterator[Paths]:
    """`folder` as the data folder (SOCIALVALUE_HOME, its own Dagster instance) for a fixture
    wider than one test, where monkeypatch cannot reach; the environment is restored after."""
    saved = {k: os.environ.get(k) for k in ("SOCIALVALUE_HOME", "DAGSTER_HOME")}
    os.environ["SOCIALVALUE_HOME"] = str(folder)
    os.environ.pop("DAGSTER_HOME", None)
    try:
        yield configure_environment()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def demo(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """The demo's data folder as this test's SOCIALVALUE_HOME (read-only: do not load into it)."""
    monkeypatch.setenv("SOCIALVALUE_HOME", str(demo_home))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return configure_environment()


# The browser tests' shared fixtures: the system Chromium driven by Playwright, and the site the
# demo published.

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    """The system Chromium (installed by scripts/ensure-chromium, which `make test` runs)."""
    found = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail("Chromium is not installed: run scripts/ensure-chromium as root (make test "
                    "does), or apt-get install chromium", pytrace=False)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(demo_home: Path) -> Path:
    return demo_home / "site"
