"""The stance schema: the ordered labels and the annotation guidelines.

The labels are declared here once; the store keeps a project's own copy, and the
dataset's ClassLabel, the card and the classifier's classes all derive from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claims.errors import ClaimsError


@dataclass(frozen=True)
class Label:
    name: str
    description: str


DEFAULT_LABELS = (
    Label("support", "The actor asserts, endorses, demands or welcomes the target."),
    Label("oppose", "The actor denies, rejects, condemns or threatens to resist the target."),
    Label(
        "neutral",
        "The actor mentions or discusses the target, or sets conditions, without taking a "
        "position.",
    ),
)

DEFAULT_GUIDELINES = """\
# Annotation guidelines

A claim is who (the actor) takes which position (the stance) toward what (the target),
as the statement reports it. Annotate what the statement says the actor holds, not
what you believe, and not what the journalist implies.

- The **actor** is who voices the position: the subject of the reporting cue
  («قال» and «نفت» in Arabic, "said" and "according to" in English), or the speaker of a
  quotation. Prefer the
  registered actor the text names (موسكو → Russia); a person who speaks for an actor
  is annotated as that actor (Ryabkov → Russia), as the registry's parent says; a
  member of it (the registry's member_of: a party's politician) speaks for himself.
- The **target** is a topic, a claim or another actor from the registry.
- One sentence may hold several claims (two targets, two speakers): record each.
- When the statement reports no position of anyone, record "no claim".

Example: «وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا» → \
Russia · Russian invasion of Ukraine · oppose.
"""


_LABEL_NAME = re.compile(r"[^\W\d][\w-]*")


def relabel(current: list[Label], names: list[str]) -> list[Label]:
    """The labels ``names`` in that order; a label the schema has already keeps
    its definition, a new one starts without.

    >>> [label.name for label in relabel(list(DEFAULT_LABELS), ["oppose", "support", "unrelated"])]
    ['oppose', 'support', 'unrelated']
    """
    names = [name.strip() for name in names]
    for name in names:
        if not _LABEL_NAME.fullmatch(name):
            raise ClaimsError(
                f"The label {name!r} is not a word; a label is letters, digits, _ or - "
                "(starting with a letter)."
            )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ClaimsError(f"The label(s) {', '.join(repeated)} are given twice.")
    if len(names) < 2:
        raise ClaimsError(f"A schema needs at least two labels; got {len(names)}.")
    definitions = {label.name: label.description for label in current}
    return [Label(name, definitions.get(name, "")) for name in names]

