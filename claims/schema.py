"""The stance schema: the ordered labels and the annotation guidelines.

The labels are declared here once; the store keeps a project's own copy, and the
dataset's ClassLabel, the card and the classifier's classes all derive from it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    name: str
    description: str


DEFAULT_LABELS = (
    Label("support", "The actor asserts, endorses, demands or welcomes the target."),
    Label("oppose", "The actor denies, rejects, condemns or threatens to resist the target."),
    Label("neutral", "The actor mentions or discusses the target, or sets conditions, without taking a position."),
)

DEFAULT_GUIDELINES = """\
# Annotation guidelines

A claim is who (the actor) takes which position (the stance) toward what (the target),
as the statement reports it. Annotate what the statement says the actor holds, not
what you believe, and not what the journalist implies.

- The **actor** is who voices the position: the subject of the reporting cue
  («قال»، «نفت»، "said", "according to"), or the speaker of a quotation. Prefer the
  registered actor the text names (موسكو → Russia); a person's own entry where one exists.
- The **target** is a topic, a claim or another actor from the registry.
- One sentence may hold several claims (two targets, two speakers): record each.
- When the statement reports no position of anyone, record "no claim".

Example: «وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا» → Russia · Russian invasion of Ukraine · oppose.
"""
