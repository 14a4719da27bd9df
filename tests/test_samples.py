"""The sample generator (samples/): it rewrites the bundled sample byte for byte from its tables,
and it stands apart from the runtime packages."""

from __future__ import annotations

import ast
from pathlib import Path

import samples
from samples.generate import generate

PROJECT_PACKAGES = {"sources", "warehouse", "pipelines", "dashboards", "schemas", "socialvalue"}
# What the generator may use of the project: the shared basics (to become a leaf package).
BASICS = {"basics.settings", "basics.periods", "basics.files"}


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_generator_rewrites_the_bundled_sample_byte_for_byte(tmp_path):
    ledger = generate(tmp_path / "data")
    written, bundled = files_under(tmp_path / "data"), files_under(samples.DATA)
    assert sorted(written) == sorted(bundled)
    assert [name for name in written if written[name] != bundled[name]] == []
    assert len(ledger["spend"]) == 40 and len(ledger["outcomes"]) == 16


def test_the_generator_imports_only_its_own_modules_and_the_basics():
    imported = set()
    for module in Path(samples.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
    reached = {name for name in imported if name.split(".")[0] in PROJECT_PACKAGES}
    assert reached <= BASICS, reached - BASICS
