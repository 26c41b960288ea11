"""Big registries stay fast: indexes, one cycle check per import, narrowed phrase lookups."""
from __future__ import annotations

import time

import yaml

from claims.mentions import MentionFinder


def test_a_registry_of_thousands_of_actors_with_parents_imports_in_seconds(project, tmp_path):
    actors = [{"name": f"Minister {n} of State", "kind": "person", "aliases": [f"M{n}"],
               **({"parent": f"Minister {n // 10} of State"} if n >= 10 else {})}
              for n in range(3_000)]
    (tmp_path / "big.yaml").write_text(yaml.safe_dump({"actors": actors}))
    started = time.perf_counter()
    project.import_registry(tmp_path / "big.yaml")
    assert time.perf_counter() - started < 30  # minutes before: every link reloaded every actor
    listed = {actor.name: actor for actor in project.actors()}
    assert listed["Minister 2999 of State"].parent == "Minister 299 of State"
    indexes = {row[0] for row in project.store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"actor_aliases_actor", "target_aliases_target", "actors_parent"} <= indexes


def test_names_sharing_a_first_word_are_all_still_found():
    finder = MentionFinder([("actor", f"Minister {n} of State", f"Minister {n} of State")
                            for n in range(500)] + [("actor", "Minister", "Minister")])
    found = finder.find("Minister 7 of State met Minister 499 of State and the Minister.")
    assert [m.name for m in found] == ["Minister 7 of State", "Minister 499 of State", "Minister"]
