"""DEbateNet-migr15 (DebateNet 2.0): migration claims in German newspapers (taz, 2015), +1 / -1.

One JSON line per annotated claim: the ``quote`` is the statement, ``name``
the actor, ``doc_id`` the article (its text is not public, so the article is
its quotes joined) and ``cdate`` its date. ``cpos`` +1 / -1 → support / oppose.

Targets: ``claimvalues`` holds codes of the migration-policy codebook, usually
a main category and a sub-category (``["200", "207"]``), often several pairs.
The recipe makes one claim per sub-category: a main-category code (ending in
``00``) is dropped when one of its sub-categories is given, and kept when it
stands alone. Each code is a target of kind ``topic`` named
``DEbateNet-migr15 <code>``; the codebook's wording is not in the release.

Actor kinds are not in the data: an actor that is one of its own ``parties``
is an ``organisation``, a party member a ``person``, and the others (persons,
governments, countries, groups alike) get the default, ``organisation``.
No official splits: build with ``--split-by article`` or ``--split-by time``.

    claims import-recipe debatenet-migr15 ../shared/data/debatenet-migr15
"""
from pathlib import Path

from claims.formats import Mapping, Source

SOURCE = Source(
    name="debatenet-migr15",
    license="unknown",
    citation=(
        "Nico Blokker, André Blessing, Erenay Dayanik, Jonas Kuhn, Sebastian Padó and Gabriella "
        "Lapesa. 2023. Between welcome culture and border fence: A dataset on the European refugee "
        "crisis in German newspaper reports. Language Resources and Evaluation. "
        "https://doi.org/10.1007/s10579-023-09641-8"
    ),
    url="https://doi.org/10.1007/s10579-023-09641-8",
    description="DEbateNet-migr15: 3,681 claims on migration policy in 681 taz articles of 2015 "
    "(research release; no licence stated).",
)


def sub_categories(codes: list[str]) -> list[str]:
    """The most specific codes: ``["200", "207", "500"]`` → ``["207", "500"]``."""
    return [
        code
        for code in codes
        if not (
            code.endswith("00") and any(other[0] == code[0] and other != code for other in codes)
        )
    ]


def prepare(row: dict) -> dict:
    parties = row.get("parties") or []
    kind = "organisation" if row.get("name") in parties else "person" if parties else "organisation"
    codes = [
        f"DEbateNet-migr15 {code}"
        for code in sub_categories([str(code) for code in row["claimvalues"]])
    ]
    return {**row, "targets": codes, "actor_kind": kind}


def files(path: Path) -> list[tuple[Path, Mapping]]:
    return [(path / "DebateNet-migr15v2.jsonl", Mapping(
        text="quote", stance="cpos", target="targets", target_kind="topic", actor="name",
        actor_kind_column="actor_kind", article="doc_id", date="cdate", language_value="de",
        label_map={"+1": "support", "-1": "oppose"}, transform=prepare,
    ))]
