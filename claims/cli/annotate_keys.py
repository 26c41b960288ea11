"""Keys and prompts of ``claims annotate``: single keys read from the terminal in
cbreak mode with nothing typed ahead lost, and the prompt_toolkit parts of the
prompts (Escape to cancel, a digit to pick, name completion, right-to-left input
shown shaped and in display order by ``claims.cli.rtl``).
"""
from __future__ import annotations

import codecs
import os
import re
import termios
import tty
from collections.abc import Iterator
from contextlib import contextmanager

from prompt_toolkit.application import get_app
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text.utils import fragment_list_to_text
from prompt_toolkit.input import Input
from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
from prompt_toolkit.input.vt100_parser import Vt100Parser
from prompt_toolkit.key_binding import KeyBindings, KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.processors import Processor, Transformation

from claims.annotate import Session
from claims.cli import rtl

# An escape sequence (a key typed right after a lone Escape is a key of its own).
_ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|O.)?")


class KeyReader:
    """Single keys from a terminal in cbreak mode (no echo, no line editing;
    Ctrl-C still interrupts). Escape sequences (arrows, function keys) are read
    whole and ignored.

    Nothing typed is ever discarded: the mode is set with ``TCSANOW`` (``tty``'s
    default, ``TCSAFLUSH``, drops what is typed ahead), and the keys typed ahead
    of a prompt go to the prompt, those typed after it come back here."""

    def __init__(self, fd: int):
        self.fd = fd
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._saved: list | None = None

    def __enter__(self) -> KeyReader:
        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd, termios.TCSANOW)
        return self

    def __exit__(self, *exc) -> None:
        termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self) -> str:
        while not self._pending:
            data = os.read(self.fd, 1024)
            if not data:
                return "\x04"
            self._pending += self._decoder.decode(data)
        if self._pending[0] == "\x1b":
            self._pending = self._pending[_ESCAPE_SEQUENCE.match(self._pending).end():]
            return "\x1b"
        key, self._pending = self._pending[0], self._pending[1:]
        return key

    @contextmanager
    def lent(self, prompt_input: Input) -> Iterator[None]:
        """The keyboard lent to a prompt_toolkit prompt, which sets its own raw mode and
        puts the cbreak mode back: keys typed ahead go to the prompt as its typeahead,
        and the keys it read past its end come back to this reader."""
        presses: list[KeyPress] = []
        parser = Vt100Parser(presses.append)
        parser.feed(self._pending)
        parser.flush()
        self._pending = ""
        store_typeahead(prompt_input, presses)
        try:
            yield
        finally:
            typed = [press.data for press in get_typeahead(prompt_input)
                     if press.key != Keys.CPRResponse]
            self._pending = "".join(typed) + self._pending


def cancel_keys() -> KeyBindings:
    """Escape leaves a prompt without a change, as Ctrl-C does (Escape is not
    waited on as the start of an Alt key: nothing here uses one)."""
    bindings = KeyBindings()

    @bindings.add("escape", eager=True)
    def cancel(event) -> None:
        event.app.exit(result=None)

    return bindings


def number_keys(count: int) -> KeyBindings | None:
    """With fewer than ten numbered choices, a digit typed first picks one without Enter."""
    if not 0 < count < 10:
        return None
    bindings = KeyBindings()
    empty = Condition(lambda: not get_app().current_buffer.text)
    for number in range(1, count + 1):
        @bindings.add(str(number), filter=empty)
        def pick(event, number=number) -> None:
            event.current_buffer.text = str(number)
            event.current_buffer.validate_and_handle()
    return bindings


class NameCompleter(Completer):
    """Completes actor or target names from the start of a name, an alias or a word of them."""

    def __init__(self, session: Session, kind: str, bidi: bool):
        self.session, self.kind, self.bidi = session, kind, bidi

    def get_completions(self, document, complete_event):
        typed = document.text_before_cursor
        if typed.strip().isdigit():
            return
        for choice in self.session.complete(self.kind, typed)[:40]:
            yield Completion(choice.name, start_position=-len(typed),
                             display=rtl.display_items([choice.name], bidi=self.bidi),
                             display_meta=rtl.display_items(choice.aliases[:4], ", ", self.bidi))


class BidiInput(Processor):
    """Shows a prompt's right-to-left input shaped and in display order; the cursor
    stays on the character it is at (at the end of a right-to-left line: its left)."""

    def apply_transformation(self, transformation_input) -> Transformation:
        fragments = transformation_input.fragments
        text = fragment_list_to_text(fragments)
        if not rtl.is_rtl(text):
            return Transformation(fragments)
        direction = rtl.direction(text)
        shown, order = rtl.visual_order(text, direction)
        styles = [style for style, chars, *_ in fragments for _ in chars]
        lead = 1 if direction == "R" else 0  # a free cell on the left: the cursor at the end
        where = {source: lead + display for display, source in enumerate(order)}
        end = 0 if lead else len(order)
        new = [("", " ")] * lead + [(styles[source], char) for char, source in zip(shown, order)]

        def to_source(display: int) -> int:
            index = display - lead
            return order[index] if 0 <= index < len(order) else len(text)

        return Transformation(new, lambda source: where.get(source, end), to_source)
