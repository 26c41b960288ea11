"""Several annotators on one project file at once, through the real CLI, while
agreement figures are read: no decision lost or duplicated, no 'database is
locked' reaching anyone."""
import json
import subprocess
import sys
from pathlib import Path

from claims import Project

WORKER = Path(__file__).with_name("label_worker.py")
ANNOTATORS, DECISIONS = 4, 250


def _project_with_statements(path, demo_registry, count):
    articles = path.parent / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        for number in range(count):
            out.write(
                json.dumps(
                    {"text": f"قالت موسكو في البيان رقم {number} إنها ترفض انضمام أوكرانيا."},
                    ensure_ascii=False,
                )
                + "\n"
            )
    with Project.init(path) as project:
        project.import_registry(demo_registry)
        report = project.ingest([str(articles)])
    assert report.statements == count


def test_four_annotators_and_a_reader_at_once_lose_nothing(tmp_path, demo_registry):
    db = tmp_path / "shared.db"
    _project_with_statements(db, demo_registry, DECISIONS)
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db), f"annotator-{n}", "1", str(DECISIONS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(ANNOTATORS)
    ]
    readings = 0
    while any(worker.poll() is None for worker in workers):
        command = (
            ("stats", "--format", "json")
            if readings % 2 == 0
            else ("agreement", "--format", "json")
        )
        reader = subprocess.run([sys.executable, "-m", "claims", "--db", str(db), *command],
                                capture_output=True, text=True)
        assert reader.returncode == 0, reader.stderr
        figures = json.loads(reader.stdout)
        if command[0] == "stats":
            counts = figures  # one object
            assert counts["claims"] == sum(
                counts["claims_by_origin"].values()
            )  # one consistent snapshot
        readings += 1
    for worker in workers:
        out, err = worker.communicate()
        assert worker.returncode == 0, err
        assert "locked" not in err
        assert out.count("saved") == DECISIONS
    with Project(db) as project:
        by_origin = project.stats()["claims_by_origin"]
        assert by_origin == {f"human:annotator-{n}": DECISIONS for n in range(ANNOTATORS)}
        decided = project.store.conn.execute(
            "SELECT annotator, count(*) FROM decisions GROUP BY 1"
        ).fetchall()
        assert dict(decided) == {f"annotator-{n}": DECISIONS for n in range(ANNOTATORS)}
        figures = project.agreement()
    assert readings >= 1 and figures is not None
