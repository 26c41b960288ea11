"""The terminal loop of ``claims annotate``: it draws what the session holds and
maps keys to session calls. All logic (queue, proposals, saving, undo) lives in
``claims.annotate``; nothing here touches the store.

Keys are read one at a time with the terminal in cbreak mode, and each screen is
written whole in one write, so a key costs one transaction and one draw. A field
is changed through a prompt_toolkit prompt that completes names and aliases,
Arabic or Latin, and shows what is typed shaped and right to left (keys and
prompts: ``claims.cli.annotate_keys``). Right-to-left lines are shaped and
reordered for the terminal by ``claims.cli.rtl`` (``CLAIMS_BIDI=0`` turns it off):
a paragraph keeps one direction over its wrapped lines, a numbered list is
reordered item by item; highlights survive the reordering because they are
carried by marker characters (bidi-neutral, one per kind, toggling the style)
that are turned into colours only after it.
``NO_COLOR`` replaces colours by bold, reverse and underline.
"""
from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, WordCompleter
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

from claims.annotate import Item, Session
from claims.cli import rtl
from claims.cli.annotate_keys import BidiInput, KeyReader, NameCompleter, cancel_keys, number_keys
from claims.cli.output import key_name
from claims.cli.painter import Painter, guideline_lines, palette
from claims.errors import ClaimsError, counted
from claims.records import Claim
from claims.registry_file import KINDS

MIN_WIDTH = 60
_LABEL_COMMAND = (
    "claims label STATEMENT_ID --actor NAME --target NAME --stance LABEL --annotator NAME"
)
_CLEAR = "\x1b[H\x1b[2J"


def check_terminal(stdin: TextIO, stdout: TextIO) -> None:
    """Refuse to start where the session cannot be drawn and driven by keys."""
    if not (stdin.isatty() and stdout.isatty()):
        raise ClaimsError(f"claims annotate needs a terminal (stdin or stdout is not a TTY); "
                          f"record decisions from scripts with '{_LABEL_COMMAND}'.")
    width = shutil.get_terminal_size().columns
    if width < MIN_WIDTH:
        raise ClaimsError(
            f"The terminal is {width} columns wide; claims annotate needs at least {MIN_WIDTH}. "
            f"Widen it, or record decisions with '{_LABEL_COMMAND}'."
        )


def key_map(labels: list[str]) -> list[tuple[str, str]]:
    stances = " ".join(f"{number} {label}" for number, label in enumerate(labels[:9], 1))
    return [
        ("Enter", "accept"), (stances, "(saves)"),
        ("a", "actor"), ("t", "target"), ("n", "new actor/target"), ("+", "one more claim here"),
        ("0/x", "no claim"), ("s", "skip"), ("u", "undo"), ("b", "back"), ("g", "guidelines"),
        ("q", "quit"),
    ]


# --- drawing --------------------------------------------------------------------------------


def _claim_text(claim: Claim) -> str:
    return f"{claim.actor} · {claim.target} · {claim.stance}"


def screen(session: Session, item: Item | None, painter: Painter, message: str, more: bool) -> str:
    """The whole screen for the current statement, as one string."""
    done, total = session.progress()
    rule = painter.style("─" * painter.width, "dim")
    progress = f"{done}/{total} done · annotator {session.annotator}"
    if item is None:
        lines = [f"All statements of this session are decided · {progress}", rule, message,
                 "u undo · b back · q quit"]
        return "\n".join(lines)
    statement = item.statement
    lines = [painter.style(f"#{statement.id}", "bold") + f" · article {statement.article_id}, "
             f"statement {statement.position + 1} · {progress}"]
    if item.title:
        lines += painter.marked(item.title, [], base=("bold",))
    lines.append(rule)
    if item.before:
        lines += painter.marked(item.before, [], "  ", base=("dim",))
    spans = [(mention.kind, mention.start, mention.end) for mention in item.mentions]
    spans += [("cue", *item.cue)] if item.cue else []
    lines += painter.marked(statement.text, spans, "▌ ")
    if item.after:
        lines += painter.marked(item.after, [], "  ", base=("dim",))
    lines.append(rule)
    lines += _details(session, item, painter, more)
    lines += [rule, message]
    lines += textwrap.wrap(
        " · ".join(f"{key} {what}" for key, what in key_map(session.labels)), painter.width
    )
    return "\n".join(lines)


def _details(session: Session, item: Item, painter: Painter, more: bool) -> list[str]:
    lines = []
    for kind in ("actor", "target"):
        names = [f"{number} {name}" for number, name in enumerate(session.candidates(kind), 1)]
        lines += painter.items(f"{kind + 's:':10}", names or ["none registered here"])
    if item.recorded:
        note = "" if session.continuing else " (deciding again replaces them; s keeps them)"
        lines += painter.plain(
            "yours:    " + "; ".join(_claim_text(claim) for claim in item.recorded) + note
        )
    elif item.decision == "no_claim":
        lines.append("yours:    no claim (deciding again replaces it; s keeps it)")
    draft, proposal = session.draft, item.proposal
    stance = (
        draft.stance
        or f"? ({' '.join(f'{n} {label}' for n, label in enumerate(session.labels[:9], 1))})"
    )
    if proposal.stance and draft.stance == proposal.stance.label:
        confidence = (
            f" {proposal.stance.confidence:.2f}" if proposal.stance.confidence is not None else ""
        )
        stance += f" ({proposal.stance.origin}{confidence})"
    heading = "claim:" if draft != proposal.draft() else "proposal:"
    actor = painter.style(draft.actor or "?", "actor")
    target = painter.style(draft.target or "?", "target")
    claim = f"{heading:10}{actor} · {target} · {painter.style(stance, 'bold')}"
    lines.append(claim + ("   [+] one more claim on this statement after this one" if more else ""))
    return lines + _speaker_line(session, item, painter)


def _speaker_line(session: Session, item: Item, painter: Painter) -> list[str]:
    """The person who speaks in the statement when the proposed actor is the one they
    speak for (de Mistura → United Nations): by design, but the screen says so."""
    person, actor = item.proposal.actor_mention, session.draft.actor
    if not actor or actor != item.proposal.actor or not person or person.name == actor:
        return []
    candidates = session.candidates("actor")
    key = (f" (a {candidates.index(person.name) + 1}: {person.name}'s own claim)"
           if person.name in candidates else "")
    return painter.plain(f"{'speaker:':10}{person.name}, speaking for {actor}{key}")


# --- the loop -------------------------------------------------------------------------------------


class AnnotateUI:
    """Reads keys, calls the session, draws the next screen."""

    def __init__(
        self, session: Session, keys: KeyReader, out: TextIO, bidi: bool, palette: dict[str, str]
    ):
        self.session, self.keys, self.out, self.bidi, self.palette = (
            session, keys, out, bidi, palette,
        )
        self.message, self.more, self.saved = "", False, 0
        self._prompts: dict[str, PromptSession] = {}
        self._completers = {
            kind: NameCompleter(session, kind, bidi) for kind in ("actor", "target")
        }
        self.handlers: dict[str, Callable[[], None]] = {
            "\r": self.accept, "\n": self.accept, "a": lambda: self.change("actor"),
            "t": lambda: self.change("target"), "n": self.new_entity, "+": self.toggle_more,
            "0": self.no_claim, "x": self.no_claim, "s": self.skip, "u": self.undo, "b": self.back,
            "g": self.guidelines,
        }
        for number, label in enumerate(session.labels[:9], 1):
            self.handlers[str(number)] = lambda label=label: self.accept(label)

    def painter(self) -> Painter:
        return Painter(shutil.get_terminal_size().columns, self.bidi, self.palette)

    def draw(self) -> None:
        self.out.write(
            _CLEAR
            + screen(self.session, self.session.current(), self.painter(), self.message, self.more)
        )
        self.out.flush()

    def loop(self) -> None:
        """Until q, Ctrl-D or Ctrl-C. Every decision is committed before the next screen says so."""
        self.draw()
        try:
            while (key := self.keys.read()) not in ("q", "\x04") or not self.may_quit():
                self.message = ""
                handler = self.handlers.get(key)
                try:
                    if handler is None and key != "\x1b":  # a lone Escape: nothing to leave
                        self._say(f"No action on {key_name(key)}; the keys are below.", "error")
                    elif handler is not None:
                        handler()
                except ClaimsError as error:
                    self._say(str(error), "error")
                self.draw()
        except KeyboardInterrupt:
            pass
        self.out.write("\n")

    def may_quit(self) -> bool:
        """Whether to quit now: a claim waiting with + pending is saved (Enter or a
        stance number) or dropped (n) as the annotator says; any other key stays."""
        if not self.more or self.session.current() is None:
            return True
        self.out.write("\nThe claim shown waits to be saved (+ pending). Save it before quitting? "
                       "Enter or a stance number: save · n: drop · other key: stay ")
        self.out.flush()
        key = self.keys.read()
        stances = {str(number): label for number, label in enumerate(self.session.labels[:9], 1)}
        if key == "n":
            return True
        if key in ("\r", "\n", *stances):
            try:
                self.accept(stances.get(key))
                return True
            except ClaimsError as error:
                self._say(str(error), "error")
        else:
            self._say("Still here; the claim is not saved yet.")
        self.draw()
        return False

    def _say(self, text: str, *kinds: str) -> None:
        self.message = self.painter().style(text, *kinds)

    def _saved(self, text: str) -> None:
        self.saved += 1
        self._say(text, "ok")

    def accept(self, stance: str | None = None) -> None:
        if self.session.current() is None:
            return
        change = self.session.accept(stance, more=self.more)
        self.more = False
        self._saved(
            f"Saved #{change.statement_id}: "
            + "; ".join(_claim_text(claim) for claim in change.claims)
        )

    def no_claim(self) -> None:
        if self.session.current() is not None:
            self._saved(f"Saved #{self.session.no_claim().statement_id}: no claim")

    def skip(self) -> None:
        item = self.session.current()
        if item is not None:
            change = self.session.skip()
            self._say(
                f"Skipped #{item.statement.id}."
                if change
                else f"Kept #{item.statement.id} as it was."
            )

    def undo(self) -> None:
        change = self.session.undo()
        if change is None:
            self._say("Nothing to undo in this session.")
            return
        self.saved -= change.decision != "skip"
        what = "; ".join(_claim_text(claim) for claim in change.claims) or change.decision.replace(
            "_", " "
        )
        self._say(f"Undone #{change.statement_id}: {what}")

    def back(self) -> None:
        self._say("" if self.session.back() else "This is the first statement.")

    def toggle_more(self) -> None:
        self.more = not self.more

    def change(self, kind: str) -> None:
        if self.session.current() is None:
            return
        candidates = self.session.candidates(kind)
        numbered = [f"{number} {name}" for number, name in enumerate(candidates, 1)]
        shortcuts = rtl.display_items(numbered, bidi=self.bidi)
        text = self.ask(
            kind, f"{kind} ({shortcuts + ', ' if shortcuts else ''}or type; Tab lists): ",
            self._completers[kind], key_bindings=number_keys(len(candidates)),
        )
        if not text or not text.strip():
            self._say(f"{kind.capitalize()} unchanged.")
            return
        name = self.session.set_actor(text) if kind == "actor" else self.session.set_target(text)
        self._say(f"{kind.capitalize()}: {name}")

    def new_entity(self) -> None:
        self.out.write("\nNew (a)ctor or (t)arget? ")
        self.out.flush()
        kind = {"a": "actor", "t": "target"}.get(self.keys.read())
        name = self.ask("name", f"new {kind}'s name: ") if kind else None
        if not kind or not name or not name.strip():
            self._say("Nothing added.")
            return
        kinds = KINDS[kind]
        default = kinds[1] if kind == "actor" else kinds[0]
        entity_kind = self.ask(
            "kind", f"kind ({' / '.join(kinds)}; Enter: {default}): ", WordCompleter(list(kinds))
        )
        aliases = None if entity_kind is None else self.ask(
            "aliases", "aliases as written in the text (comma-separated, may be empty): ")
        parent = "" if kind != "actor" or aliases is None else self.ask(
            "parent", "speaks for (parent actor, may be empty): ", self._completers["actor"])
        if entity_kind is None or aliases is None or parent is None:  # cancelled at a prompt
            self._say("Nothing added.")
            return
        parent = self.session.resolve("actor", parent) if parent and parent.strip() else None
        name = self.session.add_entity(
            kind, name, entity_kind.strip() or default,
            [alias.strip() for alias in re.split(r"[,،]", aliases) if alias.strip()], parent,
        )
        self._say(f"Added the {kind} {name!r}; it is in the claim.")

    def ask(self, purpose: str, message: str, completer: Completer | None = None,
            key_bindings: KeyBindings | None = None) -> str | None:
        """A line prompt with completion; None when cancelled (Escape, Ctrl-C, Ctrl-D)."""
        prompt = self._prompts.setdefault(purpose, PromptSession())
        self.out.write("\n")
        bindings = merge_key_bindings([cancel_keys(), *([key_bindings] if key_bindings else [])])
        with self.keys.lent(prompt.app.input):
            try:
                return prompt.prompt(message, completer=completer, complete_while_typing=True,
                                     key_bindings=bindings,
                                     input_processors=[BidiInput()] if self.bidi else [])
            except (EOFError, KeyboardInterrupt):
                return None

    def guidelines(self) -> None:
        labels, text = self.session.schema()
        painter = self.painter()
        lines = [painter.style("Stance labels", "bold")]
        for number, label in enumerate(labels, 1):
            lines += painter.marked(f"{number} {label.name}: {label.description}",
                                    [("bold", 0, len(f"{number} {label.name}"))], "  ")
        lines.append("")
        lines += guideline_lines(text, painter)
        page = max(5, shutil.get_terminal_size().lines - 2)
        for start in range(0, len(lines), page):
            last = start + page >= len(lines)
            self.out.write(
                _CLEAR
                + "\n".join(lines[start : start + page])
                + "\n"
                + ("— any key: back —" if last else "— space: more · any other key: back —")
            )
            self.out.flush()
            if self.keys.read() != " " or last:
                break


def run(session: Session, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> str:
    """Annotate in the terminal until the annotator quits; returns a one-line summary.
    Call ``check_terminal`` first."""
    with KeyReader(stdin.fileno()) as keys:
        ui = AnnotateUI(session, keys, stdout, rtl.enabled(stdout), palette())
        ui.loop()
    done, total = session.progress()
    return (f"{counted(ui.saved, 'decision')} saved in this session; {done} of {total} "
            "statements decided. Run the same command to go on.")
