"""The command line as a real process: ``python -m salesdesk`` and what ``--help`` / ``--version`` import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import salesdesk

SPANISH_CATALOGUE = (
    Path(salesdesk.__file__).resolve().parent / "locale" / "es" / "LC_MESSAGES" / "salesdesk.mo"
)


def salesdesk_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "salesdesk", *args],
        env=dict(os.environ),  # already isolated by the autouse fixture
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def python_snippet(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_the_command_groups(tmp_path):
    result = salesdesk_process("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    listed = {line.split()[0] for line in lines if line.startswith("  ") and line.split()}
    for group in ("customer", "invoice", "payment", "db"):
        assert group in listed, result.stdout
    assert "Usage:" in result.stdout


def test_group_help_lists_its_commands(tmp_path):
    result = salesdesk_process("customer", "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("add", "edit", "show", "list"):
        assert command in result.stdout


def test_version_as_a_process(tmp_path):
    result = salesdesk_process("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"salesdesk {salesdesk.__version__}"


def test_exit_codes_as_a_process(tmp_path):
    db = str(tmp_path / "p.sqlite")
    assert salesdesk_process("--db", db, "nope", cwd=tmp_path).returncode == 2
    bad = salesdesk_process("--db", db, "customer", "show", "C404", cwd=tmp_path)
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1 and "C404" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
    added = salesdesk_process("--db", db, "customer", "add", "C1", "--name", "Uno", cwd=tmp_path)
    assert added.returncode == 0, added.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["customer", "--help"]])
def test_help_and_version_do_not_import_heavy_modules(tmp_path, args):
    code = (
        "import sys\n"
        "from salesdesk.cli import run\n"
        f"run({args!r})\n"
        "print('textual' in sys.modules, 'sqlmodel' in sys.modules, 'sqlalchemy' in sys.modules)\n"
    )
    result = python_snippet(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False False"


def test_spanish_help(tmp_path):
    if not SPANISH_CATALOGUE.exists():
        pytest.skip(f"no compiled Spanish catalogue at {SPANISH_CATALOGUE}")
    english = salesdesk_process("--help", cwd=tmp_path)
    spanish = salesdesk_process("--lang", "es", "--help", cwd=tmp_path)
    assert spanish.returncode == 0, spanish.stderr
    assert spanish.stdout != english.stdout
    assert "Uso:" in spanish.stdout or "Opciones" in spanish.stdout
