"""A sentence on many pages of one site is its sidebar (``claims.ingest.Sidebars``): the
site is the registered domain of the page's url (``claims.pagechrome.site``), and the
counts run across the batches of one ingest."""

from __future__ import annotations

import json

import pytest

from claims import ingest
from claims.ingest import Sidebars
from claims.pagechrome import site

SIDEBAR = "مهمتنا أن نقول عن الأزمة في أوكرانيا في جميع أنحاء العالم ."


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://isis.liveuamap.com/ar/2017/x", "liveuamap.com"),
        ("http://www.marefa.org/%D8%AA", "marefa.org"),
        ("https://marefa.org/", "marefa.org"),
        ("http://news.bbc.co.uk/1/hi/world", "bbc.co.uk"),
        ("https://www.sabq.org.sa/a", "sabq.org.sa"),
        ("http://gate.ahram.org.eg/News/1.aspx", "ahram.org.eg"),
        ("arabic.cnn.com/middle-east", "cnn.com"),
        ("https://www.dw.com:443/ar/a", "dw.com"),
        ("", ""),
    ],
)
def test_a_site_is_the_registered_domain_of_the_url(url, domain):
    assert site(url) == domain


def page(number: int, host: str) -> tuple[dict, list]:
    text = f"وقال المتحدث إن القصف استمر {number} ساعات . {SIDEBAR}"
    cut = text.index(SIDEBAR)
    return ({"text": text, "source": None, "url": f"https://{host}/ar/{number}"},
            [(0, cut - 1), (cut, len(text))])


def test_subdomains_and_www_are_one_site():
    sidebars = Sidebars()
    hosts = ["isis.liveuamap.com", "mideast.liveuamap.com", "syria.liveuamap.com",
             "www.liveuamap.com", "liveuamap.com"]
    kept = [len(sidebars.kept(*page(number, host))) for number, host in enumerate(hosts)]
    assert kept == [2, 2, 2, 1, 1]


def test_a_given_source_groups_pages_whatever_their_urls():
    sidebars = Sidebars()
    kept = []
    for number, host in enumerate(["a.example", "b.example", "c.example", "d.example"]):
        fields, rows = page(number, host)
        kept.append(len(sidebars.kept({**fields, "source": "Agency"}, rows)))
    assert kept == [2, 2, 2, 1]


def test_full_memory_forgets_the_sentences_seen_once_and_keeps_the_sidebar():
    sidebars = Sidebars(memory=4)
    kept = [len(sidebars.kept(*page(number, "example.com"))) for number in range(6)]
    assert kept == [2, 2, 2, 1, 1, 1]
    assert sidebars.size <= 4 + 2


def test_memory_full_of_repeated_sentences_starts_afresh_instead_of_forgetting_each_time():
    sidebars, shared = Sidebars(memory=4), ["جملة أولى .", "جملة ثانية .", "جملة ثالثة ."]
    sizes = []
    for number in range(8):
        text = " ".join([f"وقال المتحدث إن القصف استمر {number} ساعات .", *shared])
        spans = [(text.index(sentence), text.index(sentence) + len(sentence))
                 for sentence in shared]
        rows = [(0, spans[0][0] - 1), *spans]
        sidebars.kept({"text": text, "source": "Agency", "url": None}, rows)
        sizes.append(sidebars.size)
    assert max(sizes) <= 4 and 0 in sizes  # the three shared sentences filled it: afresh


def test_the_sidebar_counts_run_across_the_batches_of_one_file(project, tmp_path, run,
                                                                monkeypatch):
    monkeypatch.setattr(ingest, "ARTICLES_PER_COMMIT", 2)  # five pages in three batches
    rows = [{"text": page(number, host)[0]["text"], "url": f"https://{host}/{number}"}
            for number, host in enumerate(["www.marefa.org", "marefa.org"] * 2 + ["marefa.org"])]
    (tmp_path / "pages.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    assert run("ingest", tmp_path / "pages.jsonl").exit_code == 0
    texts = [statement.text for statement in project.statements()]
    assert texts.count(SIDEBAR) == 3
    assert sum(text.startswith("وقال المتحدث") for text in texts) == 5


def test_the_files_of_one_run_count_together_as_the_rows_of_one_file(tmp_path):
    from claims import Project

    texts = [f"وقال المتحدث إن القصف استمر {number} ساعات .\n\n{SIDEBAR}\n" for number in range(5)]
    folder, rows = tmp_path / "pages", tmp_path / "pages.jsonl"
    folder.mkdir()
    for number, text in enumerate(texts):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    rows.write_text("".join(json.dumps({"text": text}, ensure_ascii=False) + "\n"
                            for text in texts), encoding="utf-8")
    stored = []
    for path in (folder, rows):
        with Project.init(tmp_path / f"{path.name}.db") as project:
            report = project.ingest([str(path)], source="Agency")
            stored.append(report.statements)
    assert stored == [8, 8]  # the sidebar sentence kept in the first three pages only
