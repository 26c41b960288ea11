"""The ``claims`` command: click commands that parse options, call ``Project`` and print.

No logic lives here. Library errors (``ClaimsError``) become one line on stderr
and exit status 1; usage errors too are one line, with exit status 2. ``--db`` is taken
before or after the subcommand. Command modules load the library (and its heavy
dependencies) inside the commands, so that ``claims --help`` starts fast.
"""
from __future__ import annotations

import errno
from functools import partial
from typing import TYPE_CHECKING

import click

from claims import __version__
from claims.errors import ClaimsError

if TYPE_CHECKING:
    from claims.project import Project

DEFAULT_DB = "claims.db"  # claims.project.DEFAULT_DB, without loading the library (tested equal)

# An id as SQLite stores it: a 64-bit integer; a larger one is a usage error, not a crash.
ID = click.IntRange(0, 2 ** 63 - 1)


class OneLineUsageError(click.UsageError):
    """A usage error as one line naming the command's help, in place of click's
    usage, hint and error block; exit status 2 still."""

    def show(self, file=None) -> None:
        where = f" ({self.ctx.command_path} --help)" if self.ctx is not None else ""
        message = self.format_message().rstrip(".")
        click.echo(f"Error: {message}{where}", file=file, err=file is None)


def _one_line(error: click.UsageError) -> click.UsageError:
    if isinstance(error, (OneLineUsageError, click.exceptions.NoArgsIsHelpError)):
        return error  # already one line; or a group called bare, which shows its help
    return OneLineUsageError(error.format_message(), error.ctx)


class ClaimsGroup(click.Group):
    """Turns the library's errors into ``Error: …`` and exit status 1, once, for every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ClaimsError as error:
            raise click.ClickException(str(error)) from None
        except click.UsageError as error:
            raise _one_line(error) from None
        except OSError as error:  # the disk, not the input: full, read-only, not permitted
            if error.errno not in (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM,
                                   errno.EDQUOT):
                raise
            where = repr(str(error.filename))[1:-1] if error.filename else "a file"
            problem = "disk full" if error.errno in (errno.ENOSPC, errno.EDQUOT) else error.strerror
            raise click.ClickException(f"{where}: {problem}; nothing of the unit in progress "
                                       "was kept.") from None


class LazyGroup(ClaimsGroup):
    """The top-level group: lists commands from ``COMMANDS``, loads a command's module on use;
    every usage error, at any level, is one line."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise _one_line(error) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            load_commands(COMMANDS[name][0])
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(map(len, self.list_commands(ctx)))
        rows = [(name, self.commands[name].get_short_help_str(limit) if name in self.commands
                 else click.utils.make_default_short_help(COMMANDS[name][1], limit))
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class Context:
    """What every command gets: the chosen project path, opened on first use."""

    def __init__(self, db: str):
        self.db = db
        self._project: Project | None = None

    def project(self) -> Project:
        if self._project is None:
            from claims.project import Project

            self._project = Project(self.db)
            self._project.store.on_wait = partial(click.echo, err=True)
        return self._project

    def close(self) -> None:
        if self._project is not None:
            self._project.close()


@click.group("claims", cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CLAIMS_DB",
              type=click.Path(dir_okay=False), help="The project file (env CLAIMS_DB).")
@click.version_option(__version__, prog_name="claims")
@click.pass_context
def cli(ctx: click.Context, db: str) -> None:
    """claims: who said what about what, and when.

    Ingest news articles, register actors and targets, annotate claims
    (actor, target, stance), build a Hugging Face dataset, train and evaluate
    a stance model, predict on new articles and track stances over time.

    \b
    Example:
      claims init
      claims ingest article.txt
      claims statements
    """
    ctx.obj = Context(db)
    ctx.call_on_close(ctx.obj.close)


pass_context = click.make_pass_decorator(Context)


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(Context).db = value


def db_option(command: click.Command) -> click.Command:
    """``--db`` after the subcommand too (``claims stats --db x.db``); it wins over the group's."""
    if not any(param.name == "db" for param in command.params):
        command.params.append(click.Option(
            ["--db"], type=click.Path(dir_okay=False), expose_value=False, callback=_set_db,
            is_eager=True, metavar="PATH",
            help="The project file (env CLAIMS_DB) [default: claims.db]."))
    for sub in getattr(command, "commands", {}).values():
        db_option(sub)
    return command


# Each command: the module of claims.cli that defines it, and its one-line help. The help
# listing reads this table instead of loading every command module (and through them the
# library); a command's module loads when the command runs. Tests check it against the modules.
COMMANDS = {
    "init": ("project", "Create a project file (the --db path), or migrate an existing one."),
    "stats": ("project", "Counts of articles, statements, actors, targets and claims."),
    "ingest": ("ingest", "Read articles, drop page chrome, split them into statements."),
    "actors": ("registry", "Register and list actors (who takes positions) and their aliases."),
    "targets": ("registry",
               "Register and list targets (what positions are about) and their aliases."),
    "registry": ("registry",
               ("Keep actors, targets, labels and guidelines in a YAML or TOML file (under version "
                "control).")),
    "articles": ("browse", ("List articles: id, title, source, date, language, statements; edit "
                            "or remove one.")),
    "statements": ("browse",
               "List statements with their reporting cue and the actors and targets they mention."),
    "annotate": ("annotate", "Annotate claims in the terminal, keyboard only."),
    "label": ("annotate",
              ("Record one claim on a statement, or that it holds none, as 'claims annotate' "
               "would.")),
    "schema": ("schema",
               "The stance labels (ordered, with definitions) and the annotation guidelines."),
    "agreement": ("agreement", "Agreement between annotators on stance and on whole claims."),
    "adjudicate": ("agreement", "Turn the annotators' claims into gold claims."),
    "import": ("data",
               ("Import labelled rows of a published dataset (CSV, TSV, JSONL, JSON, Parquet) as "
                "claims.")),
    "import-recipe": ("data",
               "Import a published dataset from its folder PATH with its official splits."),
    "export": ("data",
               ("Export claims with their statement, offsets, article, actor, target, stance, "
                "origin and time.")),
    "dataset": ("dataset", "Build, check and publish a Hugging Face dataset of claims."),
    "train": ("model", "Train the stance and target models on DATASET's train split."),
    "evaluate": ("model",
               "Evaluate MODEL_DIR on a split of DATASET beside majority and random baselines."),
    "predict": ("predict",
               "Predict who claims what about which target, with which stance, in ARTICLES."),
    "track": ("track", "Who stands where on what, and how it moves."),
    "speakers": ("speakers",
                 "Speakers beyond the rules: train a speaker model from PolNeAR-format data."),
}


def load_commands(module_name: str) -> None:
    """Add the commands of ``claims.cli.MODULE`` to the group, each with ``--db``."""
    import importlib

    for command in importlib.import_module(f"claims.cli.{module_name}").COMMANDS:
        if command.name not in cli.commands:
            cli.add_command(db_option(command))
