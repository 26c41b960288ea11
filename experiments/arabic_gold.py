"""Attribution and stance scored on the Arabic gold set (datasets/arabic-gold/).

The gold holds no article text: each row names a shared file of
../shared/data/arabic-fc-baly2018/dataset (``claim_file``), the article's index
in its ``article`` list and the sha256 of that article's text, then offsets into
that text (statement, speaker, content) and labels (actor, target, stance,
chrome). ``load`` reads the gold and the articles and refuses, in one line naming
the file, an article whose text no longer has the recorded hash or an offset
that falls outside it.

``score`` runs today's pipeline on each gold article exactly as prediction does
(``claims.predict.article_rows``: ingest's cleaning and splitting, then
``claims.attribution``), maps its statements back to offsets into the shared text
and compares:

- chrome: statements the pipeline still stores that lie (mostly) inside a
  statement the coder flagged as page chrome, and real statements lost (no
  pipeline statement covers the end of a non-chrome gold statement);
- speaker accuracy: the registered actor of each non-chrome statement (none when
  nobody speaks or the speaker is not registered), exact and allowing a person's
  parent; speaker span precision/recall/F1 (a span counts when it overlaps);
- content span F1, when the pipeline reports content spans;
- stance on the gold claims (``arabic_gold_stance``): per source (the cue, the model,
  both, as prediction decides), macro-F1 without abstaining and coverage and
  macro-F1 at the abstain threshold; the calibration (ECE) and precision/coverage
  by threshold of what prediction reports; the model end to end.

    python experiments/arabic_gold.py [--model out/demo/model] [--articles 40]
        [--shared ../shared/data/arabic-fc-baly2018/dataset] [--gold datasets/arabic-gold]

(CLAIMS_SHARED names the shared folder when it is not beside the repository, as in the tests.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from arabic_gold_stance import stance_figures, stance_rows

from claims.attribution import attribute
from claims.errors import ClaimsError
from claims.ingest import prepare
from claims.readers import RawArticle
from claims.registry_file import Registry

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "datasets" / "arabic-gold"
SHARED = (
    Path(os.environ.get("CLAIMS_SHARED", ROOT.parent / "shared"))
    / "data"
    / "arabic-fc-baly2018"
    / "dataset"
)


class GoldError(ClaimsError):
    """The gold no longer matches the shared articles (one line, naming the file)."""


def article_hash(text: str) -> str:
    """The identity of an article text in the shared file: sha256 of its exact characters."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locate(raw: str, cleaned: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets into ``raw`` of spans given in ``cleaned``: cleaning only strips,
    drops and shortens lines, so each statement (inside one line) is found in the
    raw text, in order."""
    cursor, located = 0, []
    for start, end in spans:
        at = raw.find(cleaned[start:end], cursor)
        if at < 0:
            raise GoldError(f"statement not found in the raw text: {cleaned[start:end][:60]!r}")
        located.append((at, at + end - start))
        cursor = at + end - start
    return located


# --- the gold -----------------------------------------------------------------------------


@dataclass
class Article:
    """One shared article with its gold statements (rows in text order)."""

    key: tuple[str, int]
    text: str
    rows: list[dict] = field(default_factory=list)


def _check_row(row: dict, text: str, where: str) -> None:
    spans = [("statement", row["start"], row["end"])]
    spans += [
        (name, row[f"{name}_start"], row[f"{name}_end"])
        for name in ("speaker", "content")
        if row.get(f"{name}_start") is not None
    ]
    for name, start, end in spans:
        if not (0 <= start < end <= len(text)) or (
            name != "statement" and not (row["start"] <= start and end <= row["end"])
        ):
            raise GoldError(
                f"{where}: the {name} span {start}-{end} does not fit the article "
                f"({len(text)} characters) or its statement"
            )


def load(gold: Path = GOLD, shared: Path = SHARED, limit: int | None = None) -> list[Article]:
    """The gold articles with their texts, checked against the recorded hashes and offsets.

    ``limit`` keeps the first articles only (in the gold file's order)."""
    path = Path(gold) / "statements.jsonl" if Path(gold).is_dir() else Path(gold)
    articles: dict[tuple[str, int], Article] = {}
    files: dict[str, list[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        key = (row["claim_file"], row["article_index"])
        if key not in articles:
            if limit is not None and len(articles) == limit:
                break
            source = Path(shared) / f"{row['claim_file']}.json"
            if row["claim_file"] not in files:
                if not source.is_file():
                    raise GoldError(
                        f"{source}: no such shared file (named on line {number} of {path})"
                    )
                files[row["claim_file"]] = json.loads(source.read_text(encoding="utf-8"))["article"]
            texts = files[row["claim_file"]]
            text = texts[row["article_index"]] if row["article_index"] < len(texts) else ""
            if article_hash(text) != row["article_sha256"]:
                raise GoldError(
                    f"{source}: article {row['article_index']} no longer matches the gold's hash "
                    f"(line {number} of {path}); the shared file changed"
                )
            articles[key] = Article(key, text)
        _check_row(row, articles[key].text, f"{path}:{number}")
        articles[key].rows.append(row)
    return list(articles.values())


# --- today's pipeline on one article ----------------------------------------------------------


@dataclass
class Predicted:
    """The pipeline's statements of one article, offsets into the shared text."""

    spans: list[tuple[int, int]]
    speakers: list[tuple[int, int] | None]  # as written in the statement
    contents: list[tuple[int, int] | None] | None  # None: the pipeline reports no content spans
    rows: list[dict]  # article_rows, one per statement


def run_pipeline(article: Article, resolver) -> Predicted:
    """The statements and speakers of ``article`` as prediction finds them (``resolver``:
    a ``claims.predict.Resolver``)."""
    # Imported here: scikit-learn loads with it, and loading the gold needs none.
    from claims.predict import article_rows

    raw = RawArticle(text=article.text, where=f"{article.key[0]}#{article.key[1]}")
    rows = article_rows(raw, resolver)
    cleaned = prepare(raw).fields["text"]
    spans = [(row["start"], row["end"]) for row in rows]
    located = locate(article.text, cleaned, spans)
    shift = [raw_start - start for (start, _), (raw_start, _) in zip(spans, located, strict=True)]
    found = attribute(cleaned, spans, resolver.finder)
    speakers = [
        (a.speaker_start + d, a.speaker_end + d) if a.speaker_start is not None else None
        for a, d in zip(found, shift, strict=True)
    ]
    contents = None
    if found and hasattr(found[0], "content_start"):
        contents = [
            (a.content_start + d, a.content_end + d) if a.content_start is not None else None
            for a, d in zip(found, shift, strict=True)
        ]
    return Predicted(located, speakers, contents, rows)


def _covering(spans: list[tuple[int, int]], at: int) -> int | None:
    """The index of the span holding character ``at``."""
    return next((i for i, (start, end) in enumerate(spans) if start <= at < end), None)


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _last_char(text: str, row: dict) -> int:
    end = row["end"]
    while end > row["start"] + 1 and text[end - 1].isspace():
        end -= 1
    return end - 1


# --- scoring --------------------------------------------------------------------------------


def prf(true_positive: int, predicted: int, gold: int) -> dict:
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "n_predicted": predicted,
        "n_gold": gold,
    }


def _parents(registry: Registry) -> dict[str, str | None]:
    return {actor.name: actor.parent for actor in registry.actors}


def score(articles: list[Article], registry: Registry, model=None) -> dict:
    """Chrome, speaker, content and (with ``model``) stance figures on the gold ``articles``."""
    from claims.predict import Resolver

    resolver = Resolver.of(registry, "gold registry")
    parents = _parents(registry)
    counts = Counter()
    speaker_pairs, content_pairs, claims = [], [], []
    has_contents = False
    for article in articles:
        predicted = run_pipeline(article, resolver)
        has_contents = has_contents or predicted.contents is not None
        chrome = [(r["start"], r["end"]) for r in article.rows if r["chrome"]]
        counts["pipeline statements"] += len(predicted.spans)
        counts["chrome stored"] += sum(
            sum(max(0, min(e, ce) - max(s, cs)) for cs, ce in chrome) * 2 > e - s
            for s, e in predicted.spans
        )
        for row in article.rows:
            if row["chrome"]:
                counts["gold chrome"] += 1
                continue
            counts["gold real"] += 1
            index = _covering(predicted.spans, _last_char(article.text, row))
            if index is None:
                counts["real lost"] += 1
                speaker_pairs.append((row, None, None))
                continue
            speaker_pairs.append((row, predicted.rows[index], predicted.speakers[index]))
            if predicted.contents is not None:
                content_pairs.append((row, predicted.contents[index]))
            if row["target"] and row["stance"]:
                claims.append((row, predicted.rows[index], article.text[row["start"] : row["end"]]))
    contents = (
        _span_figures(
            [(r["content_start"], r["content_end"]) for r, _ in content_pairs],
            [span for _, span in content_pairs],
        )
        if has_contents
        else None
    )
    return {
        "articles": len(articles),
        "counts": dict(counts),
        "speaker": _speaker_figures(speaker_pairs, parents),
        "content": contents,
        "stance": stance_figures(claims, registry, model) if model is not None else None,
    }


def _span_figures(gold: list[tuple | None], predicted: list[tuple | None]) -> dict:
    gold = [(g if g[0] is not None else None) if g else None for g in gold]
    tp = sum(_overlap(g, p) for g, p in zip(gold, predicted, strict=True))
    exact = sum(g is not None and g == p for g, p in zip(gold, predicted, strict=True))
    figures = prf(tp, sum(p is not None for p in predicted), sum(g is not None for g in gold))
    figures["exact"] = prf(exact, figures["n_predicted"], figures["n_gold"])["f1"]
    return figures


def _speaker_figures(pairs: list, parents: dict[str, str | None]) -> dict:
    right = lenient = attributed = attributed_right = 0
    rules: dict[str, list[int]] = {}
    for row, predicted, span in pairs:
        gold = row["actor"]
        guess = predicted["actor"] if predicted and predicted["actor_registered"] else None
        same = guess == gold
        near = same or (
            guess is not None
            and gold is not None
            and (parents.get(guess) == gold or parents.get(gold) == guess)
        )
        right += same
        lenient += near
        if gold is not None:
            attributed += 1
            attributed_right += same
        how = predicted["actor_how"] if predicted else None
        if (
            how is not None
        ):  # right: the phrase overlaps the gold speaker's, or (carried) the actor is the gold one
            gold_span = (
                (row["speaker_start"], row["speaker_end"])
                if row["speaker_start"] is not None
                else None
            )
            found = _overlap(gold_span, span) if span is not None else near and gold is not None
            rules.setdefault(how, [0, 0])[0] += 1
            rules[how][1] += bool(found)
    spans = _span_figures(
        [(r["speaker_start"], r["speaker_end"]) for r, _, _ in pairs],
        [span for _, _, span in pairs],
    )
    n = len(pairs)
    return {
        "statements": n,
        "accuracy": right / n if n else 0.0,
        "accuracy_with_parent": lenient / n if n else 0.0,
        "attributed": attributed,
        "accuracy_attributed": attributed_right / attributed if attributed else 0.0,
        "span": spans,
        "rules": {
            how: {"cases": cases, "correct": ok} for how, (cases, ok) in sorted(rules.items())
        },
    }


# --- the report --------------------------------------------------------------------------------


def table(result: dict) -> str:
    """The figures as a Markdown table."""
    c, s = Counter(result["counts"]), result["speaker"]
    span = s["span"]
    rows = [
        (
            "articles / gold statements: real + chrome",
            (f"{result['articles']} / {c['gold real'] + c['gold chrome']}: "
            f"{c['gold real']} + {c['gold chrome']}"),
        ),
        (
            "pipeline statements / chrome among them / real statements lost",
            f"{c['pipeline statements']} / {c['chrome stored']} / {c['real lost']}",
        ),
        (
            f"speaker accuracy (registered actor or none; {s['statements']} real statements)",
            f"{s['accuracy']:.3f}",
        ),
        ("speaker accuracy, a person's parent allowed", f"{s['accuracy_with_parent']:.3f}"),
        (
            f"speaker accuracy on the {s['attributed']} statements with a registered gold actor",
            f"{s['accuracy_attributed']:.3f}",
        ),
        (
            "speaker span overlap P / R / F1 (exact-match F1)",
            (f"{span['precision']:.3f} / {span['recall']:.3f} / {span['f1']:.3f} "
            f"({span['exact']:.3f})"),
        ),
    ]
    rows += [
        (
            f"speaker rule {how}: correct / cases (precision)",
            f"{r['correct']} / {r['cases']} ({r['correct'] / r['cases']:.2f})",
        )
        for how, r in s["rules"].items()
    ]
    content = result["content"]
    rows.append(
        (
            "content span overlap P / R / F1 (exact-match F1)",
            "the pipeline reports no content spans yet"
            if content is None
            else f"{content['precision']:.3f} / {content['recall']:.3f} / "
            f"{content['f1']:.3f} ({content['exact']:.3f})",
        )
    )
    stance = result["stance"]
    if stance is None:
        rows.append(("stance", "no model given (--model)"))
    else:
        rows += stance_rows(stance)
    return "\n".join(
        ["| figure | value |", "| --- | --- |", *(f"| {name} | {value} |" for name, value in rows)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--registry", type=Path, default=GOLD / "registry.yaml")
    parser.add_argument("--model", type=Path, help="a model directory from 'claims train'")
    parser.add_argument("--articles", type=int, help="score only the first N gold articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        articles = load(args.gold, args.shared, args.articles)
        model = None
        if args.model:
            from claims.models.directory import load_model

            model = load_model(args.model)
        result = score(articles, Registry.read(args.registry), model)
    except ClaimsError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
