"""A worker for the crash and concurrency tests: records decisions through the
real CLI (click's main, in one process, one project connection per command, as
a script calling `claims label` would) and prints "saved STATEMENT" after each
command has returned, so the parent knows what was reported saved.

    python tests/label_worker.py DB ANNOTATOR FIRST_STATEMENT COUNT
"""
import sys

from claims.cli import cli

ACTORS = ("Russia", "United States", "Ukraine", "NATO")
STANCES = ("support", "oppose", "neutral")


def main(db: str, annotator: str, first: int, count: int) -> None:
    for number in range(count):
        statement = first + number
        args = ["--db", db, "label", str(statement), "--actor", ACTORS[number % len(ACTORS)],
                "--target", "Ukraine joining NATO", "--stance", STANCES[number % len(STANCES)],
                "--annotator", annotator]
        cli.main(args, prog_name="claims", standalone_mode=False)
        print(f"saved {statement}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
