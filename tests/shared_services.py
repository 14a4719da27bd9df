"""PostgreSQL and Redis for the shared deployment's tests, started by the project's own scripts
(scripts/ensure-postgres, scripts/ensure-redis: installed from Debian's packages if missing), on
loopback, private to this test session, stopped at its end. A test needing them is skipped, with
the reason, only when they cannot be installed or started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def services_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: PostgreSQL runs as its own user, who must reach the folder.
    root = Path(tempfile.mkdtemp(prefix="socialvalue-services-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _start(script: str, folder: Path) -> str:
    try:
        done = subprocess.run([str(ROOT / "scripts" / script), str(folder), str(free_port())],
                              capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        pytest.skip(f"{script} did not finish in 10 minutes")
    if done.returncode != 0:
        pytest.skip(f"{script} could not install or start the service: "
                    f"{done.stderr.strip()[-400:]}")
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def postgres_server(services_dir: Path) -> Iterator[str]:
    """The URL of a PostgreSQL server on 127.0.0.1 (its `postgres` database)."""
    url = _start("ensure-postgres", services_dir / "postgres")
    yield url
    subprocess.run([str(ROOT / "scripts" / "ensure-postgres"), str(services_dir / "postgres"),
                    "stop"], capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def redis_server(services_dir: Path) -> Iterator[str]:
    """The URL of a Redis server on 127.0.0.1."""
    url = _start("ensure-redis", services_dir / "redis")
    yield url
    subprocess.run([str(ROOT / "scripts" / "ensure-redis"), str(services_dir / "redis"), "stop"],
                   capture_output=True, timeout=60)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A new, empty database of its own for one test."""
    import psycopg2

    name = f"t_{uuid.uuid4().hex[:12]}"
    con = psycopg2.connect(libpq(postgres_server))
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(f"create database {name}")
    con.close()
    return postgres_server.rsplit("/", 1)[0] + "/" + name


def libpq(url: str) -> str:
    """The URL as libpq (psycopg2.connect) takes it, without SQLAlchemy's driver name."""
    return url.replace("postgresql+psycopg2://", "postgresql://", 1)


def shared_env(home: Path, postgres: str, redis: str | None = None) -> dict[str, str]:
    """The environment of a process of the shared deployment with its data folder at `home`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SOCIALVALUE_", "DAGSTER_"))}
    env.update(SOCIALVALUE_HOME=str(home), DAGSTER_HOME=str(home / "dagster"),
               SOCIALVALUE_POSTGRES_URL=postgres, PATH=f"{BIN}{os.pathsep}{env['PATH']}")
    if redis:
        env["SOCIALVALUE_REDIS_URL"] = redis
    return env
