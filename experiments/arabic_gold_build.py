"""Building the Arabic gold set (datasets/arabic-gold/) with the toolkit itself.

Three steps, each a subcommand:

    python experiments/arabic_gold_build.py pick --out /tmp/ag/articles.jsonl
    claims --db /tmp/ag/gold.db ingest /tmp/ag/articles.jsonl
    python experiments/arabic_gold_build.py sheet --db /tmp/ag/gold.db > /tmp/ag/sheet.txt
    (code the sheet; label through 'claims label', see datasets/arabic-gold/README.md)
    python experiments/arabic_gold_build.py gold --db /tmp/ag/gold.db --sheet coding.txt

``pick`` draws the articles (seeded, one per claim file, news length) and writes
them as JSONL rows for ``claims ingest``, each row naming its claim file and
article index. ``sheet`` prints every stored statement with its id, for coding.
``gold`` reads the coded sheet, maps each statement's offsets (into the cleaned
text the project stores) back to offsets into the shared file's article text,
and writes ``statements.jsonl``: offsets and labels only, never the text.

The coding sheet has one line per statement:
``ID | chrome | speaker | actor | content | target | stance`` (chrome: ``C`` the
statement is page chrome, ``M`` chrome glued before a real sentence, ``-`` none); speaker and
content are written as exact substrings of the statement (``…`` between the
first and last words of a long content), ``-`` for none.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

from arabic_gold import (  # the same folder: experiments/
    SHARED,
    GoldError,
    article_hash,
    locate,
)

from claims import Project

GOLD = Path(__file__).resolve().parents[1] / "datasets" / "arabic-gold"
MIN_CHARS, MAX_CHARS = 1200, 3500  # news length: a page of one story, not a portal's front page


def candidates(folder: Path) -> list[tuple[str, int, str, str]]:
    """(claim file id, article index, url, text) of every Arabic article of news length."""
    found = []
    for path in sorted(folder.glob("*.json")):
        row = json.loads(path.read_text(encoding="utf-8"))
        for index, text in enumerate(row["article"]):
            arabic = len(re.findall(r"[\u0621-\u064A]", text))
            if MIN_CHARS <= len(text) <= MAX_CHARS and arabic > 0.5 * len(text) and "\n" in text:
                found.append(
                    (path.stem, index, (row.get("url") or [None] * (index + 1))[index], text)
                )
    return found


def pick(folder: Path, count: int, seed: int) -> list[tuple[str, int, str, str]]:
    """``count`` articles drawn with ``seed``, at most one per claim file (diverse claims)."""
    by_file: dict[str, list] = {}
    for item in candidates(folder):
        by_file.setdefault(item[0], []).append(item)
    rng = random.Random(seed)
    files = sorted(by_file)
    rng.shuffle(files)
    return [rng.choice(by_file[name]) for name in files[:count]]


def write_pick(out: Path, folder: Path, count: int, seed: int) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for file_id, index, url, text in pick(folder, count, seed):
            row = {
                "text": text,
                "url": url,
                "source": "arabic-fc-baly2018",
                "claim_file": file_id,
                "article_index": index,
                "article_sha256": article_hash(text),
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def stored(db: Path) -> list[dict]:
    """Every statement of the project with its article's text and metadata, in article order."""
    rows = []
    with Project(db) as project:
        for listed in project.articles():
            article = project.article(listed["id"])
            rows += [
                {
                    "id": s.id,
                    "article": article.id,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "article_text": article.text,
                    "meta": article.metadata,
                }
                for s in project.statements(article.id)
            ]
    return rows


def print_sheet(db: Path) -> None:
    current = None
    for row in stored(db):
        if row["article"] != current:
            current = row["article"]
            meta = row["meta"]
            print(f"\n## article {current} {meta.get('claim_file')}#{meta.get('article_index')}")
        print(f"{row['id']} | {row['text']}")


def _find(statement: str, written: str, after: int, where: str) -> int:
    """Where ``written`` starts: first after ``after`` (the speaker's end), else first
    anywhere; ``text@N`` is the Nth occurrence of ``text``."""
    if re.search(r"@\d+$", written):
        written, nth = written.rsplit("@", 1)
        at = -1
        for _ in range(int(nth)):
            at = statement.find(written, at + 1)
        if at < 0:
            raise ValueError(f"{where}: {written!r} does not occur {nth} times in the statement")
        return at
    at = statement.find(written, after)
    at = statement.find(written) if at < 0 else at
    if at < 0:
        raise ValueError(f"{where}: {written!r} not in the statement")
    return at


def _sub(statement: str, written: str, where: str, after: int = 0) -> tuple[int, int] | None:
    """Offsets inside ``statement`` of ``written``: an exact substring, or ``a…b``
    (from a's start to b's end), ``a…$`` running to the statement's end less its
    closing stop and quotation mark; ``-`` for none."""
    if written in ("", "-"):
        return None
    if "…" not in written:
        begin = _find(statement, written, after, where)
        return begin, begin + len(re.sub(r"@\d+$", "", written))
    first, last = (part.strip() for part in written.split("…", 1))
    begin = _find(statement, first, after, where)
    if last == "$":
        return begin, len(statement.rstrip(' ."»!?؟'))
    end = statement.find(last, begin + len(first))
    if end < 0:
        raise ValueError(f"{where}: {last!r} not after {first!r} in the statement")
    return begin, end + len(last)


def read_sheet(path: Path) -> dict[int, dict]:
    """The coded lines of a sheet by statement id (see the module docstring)."""
    coded = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 7:
            raise ValueError(f"{path}:{number}: {len(parts)} fields, expected 7")
        sid, chrome, speaker, actor, content, target, stance = parts
        coded[int(sid)] = {
            "chrome": chrome == "C",
            "chrome_prefix": chrome == "M",
            "speaker": speaker,
            "actor": actor,
            "content": content,
            "target": target,
            "stance": stance,
            "line": number,
        }
    return coded


def gold_rows(db: Path, sheet: Path) -> list[dict]:
    """Gold rows (offsets into the shared article texts, labels) for every stored statement."""
    coded = read_sheet(sheet)
    rows, by_article = [], {}
    for row in stored(db):
        by_article.setdefault(row["article"], []).append(row)
    for statements in by_article.values():
        meta = statements[0]["meta"]
        raw = json.loads((SHARED / f"{meta['claim_file']}.json").read_text(encoding="utf-8"))[
            "article"
        ][meta["article_index"]]
        located = locate(
            raw, statements[0]["article_text"], [(s["start"], s["end"]) for s in statements]
        )
        for row, (start, end) in zip(statements, located, strict=True):
            code = coded.get(row["id"])
            if code is None:
                raise ValueError(f"statement {row['id']} is not coded")
            where = f"{sheet}:{code['line']}"
            speaker = _sub(row["text"], code["speaker"], where)
            content = _sub(row["text"], code["content"], where, speaker[1] if speaker else 0)
            rows.append(
                {
                    "claim_file": meta["claim_file"],
                    "article_index": meta["article_index"],
                    "article_sha256": article_hash(raw),
                    "start": start,
                    "end": end,
                    "chrome": code["chrome"],
                    "chrome_prefix": code["chrome_prefix"],
                    "speaker_start": start + speaker[0] if speaker else None,
                    "speaker_end": start + speaker[1] if speaker else None,
                    "actor": None if code["actor"] in ("", "-") else code["actor"],
                    "content_start": start + content[0] if content else None,
                    "content_end": start + content[1] if content else None,
                    "target": None if code["target"] in ("", "-") else code["target"],
                    "stance": None if code["stance"] in ("", "-") else code["stance"],
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    picking = commands.add_parser("pick")
    picking.add_argument("--out", type=Path, required=True)
    picking.add_argument("--count", type=int, default=40)
    picking.add_argument("--seed", type=int, default=13)
    picking.add_argument("--shared", type=Path, default=SHARED)
    sheet = commands.add_parser("sheet")
    sheet.add_argument("--db", type=Path, required=True)
    gold = commands.add_parser("gold")
    gold.add_argument("--db", type=Path, required=True)
    gold.add_argument("--sheet", type=Path, required=True)
    gold.add_argument("--out", type=Path, default=GOLD / "statements.jsonl")
    args = parser.parse_args(argv)
    if args.command == "pick":
        write_pick(args.out, args.shared, args.count, args.seed)
    elif args.command == "sheet":
        print_sheet(args.db)
    else:
        try:
            rows = gold_rows(args.db, args.sheet)
        except (ValueError, GoldError) as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(rows)} statements written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
