"""Wiring of the command line: help everywhere, the README in step with the commands."""
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from claims.cli import cli
ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(run, path, command):
    result = run(*path, "--help")
    assert result.exit_code == 0
    if not isinstance(command, click.Group):
        assert "Example" in result.output, f"'claims {' '.join(path)} --help' shows no example"


@pytest.mark.parametrize("path", [p for p, c in COMMANDS if not isinstance(c, click.Group)],
                         ids=[" ".join(p) for p, c in COMMANDS if not isinstance(c, click.Group)])
def test_every_command_is_in_the_readme(path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"claims {' '.join(path)}" in readme


def test_python_dash_m_claims_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "claims", "--help"], capture_output=True, text=True, check=True)
    assert "who said what about what" in result.stdout


def test_the_readme_gives_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", readme, re.S).group(1).strip()
    assert test_command in ci
    assert re.search(r"<!-- demo-command -->\s*```", readme)


def test_the_readme_python_example_runs(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Python\n\n```python\n(.*?)```", readme, re.S).group(1)
    (tmp_path / "article.txt").write_text("موسكو ترد\n\nوبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا.\n\n"
                                          "وقال الكرملين إن روسيا لا تنوي غزو أوكرانيا.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Russia وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا." in result.stdout
