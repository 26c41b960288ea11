"""Wiring of the command line: help everywhere, the README in step with the commands."""
import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest

from claims.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"


def _commands(group: click.Group, prefix=()):
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
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
    result = subprocess.run(
        [sys.executable, "-m", "claims", "--help"], capture_output=True, text=True, check=True
    )
    assert "who said what about what" in result.stdout


def test_the_readme_gives_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = (
        re.search(r"<!-- test-command -->\s*```(?:sh|bash)?\n(.+?)\n```", readme, re.DOTALL)
        .group(1)
        .strip()
    )
    assert test_command in ci
    assert re.search(r"<!-- demo-command -->\s*```", readme)


def test_the_readme_python_example_runs_twice_on_the_demo(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Python\n\n.*?```python\n(.*?)```", readme, re.S).group(1)
    shutil.copytree(DEMO, tmp_path / "datasets" / "demo")
    counts = []
    for run in ("first", "second"):
        result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, f"{run} run: {result.stderr}"
        assert "proposed: Russia " in result.stdout or run == "second"
        with sqlite3.connect(tmp_path / "news.db") as db:
            counts.append(db.execute("SELECT origin, count(*) FROM claims GROUP BY origin"
                                     " ORDER BY origin").fetchall())
    assert "Russia" in result.stdout
    assert counts[0] == counts[1], "running the example again changed the claims"
    assert ("human:ana", 1) in counts[0]


def test_every_command_of_the_demo_script_parses_and_it_shows_who_speaks():
    script = (DEMO / "run.sh").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.split(">")[0] for line in script.splitlines() if line.startswith("claims ")]
    assert "claims statements --speakers" in lines and len(lines) > 10
    for line in lines:
        args = shlex.split(re.sub(r'"?\$[^ ]+', "x", re.sub(r"\$\([^)]*\)", "x", line)))[1:]
        command, context = cli, click.Context(cli, info_name="claims")
        while isinstance(command, click.Group) and args and not args[0].startswith("-"):
            command = command.get_command(context, args[0])
            assert command, f"{line}: no command {args[0]!r}"
            context, args = click.Context(command, info_name=args[0], parent=context), args[1:]
        command.make_context(context.info_name, args, parent=context.parent)  # raises if wrong


def test_the_help_listing_is_the_commands_own_help():
    from claims.cli import COMMANDS as LISTED

    context = click.Context(cli)
    for name, (module, short) in LISTED.items():
        command = cli.get_command(context, name)
        assert command.callback.__module__ == f"claims.cli.{module}" or module in repr(command)
        assert command.get_short_help_str(200) == short
    modules = {module for module, _ in LISTED.values()}
    for module in modules:
        for command in __import__(f"claims.cli.{module}", fromlist=["COMMANDS"]).COMMANDS:
            assert command.name in LISTED, (
                f"claims {command.name} is missing from claims.cli.COMMANDS"
            )


def test_the_default_project_file_is_the_librarys():
    from claims.cli import DEFAULT_DB
    from claims.project import DEFAULT_DB as LIBRARY_DEFAULT

    assert DEFAULT_DB == LIBRARY_DEFAULT


def test_help_and_stats_load_neither_the_library_nor_heavy_packages(tmp_path):
    """`claims --help` loads no library module; `claims stats` opens the store only."""
    heavy = [
        "sklearn", "skops", "datasets", "pandas", "matplotlib", "networkx", "pyarrow", "numpy",
        "rich", "arabic_reshaper", "prompt_toolkit", "yaml", "pyarabic",
    ]
    code = ("import sys; from claims.cli import cli\n"
            "try: cli(sys.argv[1:])\nexcept SystemExit: pass\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
            "print('claims.project' in sys.modules)")
    result = subprocess.run(
        [sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-2:] == ["[]", "False"]
    subprocess.run(
        [sys.executable, "-m", "claims", "--db", str(tmp_path / "p.db"), "init"], check=True,
        capture_output=True,
    )
    result = subprocess.run([sys.executable, "-c", code, "stats", "--db", str(tmp_path / "p.db"),
                             "--format", "json"], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-2] == "[]"


def test_db_is_taken_after_the_subcommand_too(run, tmp_path):
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert run("--db", str(first), "init").exit_code == 0
    assert run("init", "--db", str(second)).exit_code == 0
    assert second.exists()
    assert run("actors", "add", "Russia", "--kind", "country", "--db", str(second)).exit_code == 0
    listed = run("actors", "list", "--format", "json", "--db", str(second))
    assert [actor["name"] for actor in json.loads(listed.output)] == ["Russia"]
    assert json.loads(run("--db", str(first), "actors", "list", "--format", "json").output) == []


@pytest.mark.parametrize("args, message", [
    (["actors", "add", "Foo", "--kind", "planet"],
     ("Invalid value for '--kind': 'planet' is not one of 'country', 'organisation', 'person', "
      "'group' (claims actors add --help)")),
    (["export", "--format", "xml"],
     ("Invalid value for '--format': 'xml' is not one of 'jsonl', 'csv', 'parquet' "
      "(claims export --help)")),
    (["train"], "Missing argument 'DATASET' (claims train --help)"),
    (["--bogus"], "No such option '--bogus' (claims --help)"),
    (["frob"], "No such command 'frob' (claims --help)"),
])
def test_a_usage_error_is_one_line_naming_the_help_with_exit_2(args, message, run):
    result = run(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"Error: {message}\n", "")
