import json

import pytest

from claims import Project
from claims.readers import Columns

CHROME = [
    "time reading iconدقائق القراءة - 5",
    "الرئيس الأميركي جو بايدن ونظيره الروسي فلاديمير بوتين في مدينة جنيف السويسرية - "
    "16 يونيو 2021 - Getty Images",
    "واشنطن -رويترز",
    "اقرأ أيضاً:",
]
MOSCOW_DENIES = "وبالمقابل، تنفي موسكو أي نية لغزو أوكرانيا"


def test_example_article_becomes_clean_statements(project, example_article):
    report = project.ingest([str(example_article)])
    assert (report.articles_new, report.articles_skipped, report.errors) == (1, 0, [])
    article = project.article(1)
    assert article.title == 'واشنطن تعد موسكو بـ"رد قريب" على مطالب بوتين الأمنية'
    assert article.language == "ar"
    statements = project.statements()
    assert len(statements) == report.statements == 19  # the crosshead is no statement
    assert "حظر القواعد الأميركية" not in {statement.text for statement in statements}
    for statement in statements:
        assert statement.text == article.text[statement.start:statement.end]
        assert statement.text not in CHROME
        if statement.cue is not None:
            assert article.text[statement.cue_start:statement.cue_end] == statement.cue
    for line in CHROME:
        assert line not in article.text


def test_moscow_denies_statement_has_its_cue_and_mentions_russia(project, example_article):
    project.add_actor("Russia", "country", aliases=["روسيا", "موسكو", "الكرملين"])
    project.add_target("Russian invasion of Ukraine", "claim", aliases=["غزو أوكرانيا"])
    project.ingest([str(example_article)])
    [statement] = [s for s in project.statements() if s.text.startswith(MOSCOW_DENIES)]
    assert statement.cue == "تنفي"
    mentions = project.mentions(statement)
    russia = [m for m in mentions if m.kind == "actor" and m.name == "Russia"]
    assert russia[0].surface == "موسكو"
    assert statement.text[russia[0].start:russia[0].end] == "موسكو"
    assert any(m.kind == "target" and m.name == "Russian invasion of Ukraine" for m in mentions)


def test_reingesting_changes_nothing(project, example_article, run):
    project.ingest([str(example_article)])
    before = project.stats()
    result = run("ingest", example_article)
    assert result.exit_code == 0
    assert "0 new articles, 1 already in the project, 0 statements" in result.output
    assert project.stats() == before


def test_bom_and_crlf_are_handled(project, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        "\ufeffHeadline here\r\n\r\nThe minister said the talks failed.\r\nHe left.\r\n".encode(
            "utf-8"
        )
    )
    project.ingest([str(path)])
    article = project.article(1)
    assert article.title == "Headline here"
    assert "\r" not in article.text and "\ufeff" not in article.text
    assert [s.text for s in project.statements()] == [
        "The minister said the talks failed.",
        "He left.",
    ]


def test_jsonl_and_csv_rows_are_articles_with_named_columns(project, tmp_path):
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text(
        json.dumps(
            {
                "body": "Kyiv said it will not give up.", "headline": "Kyiv", "day": "2022-01-05",
                "outlet": "Wire", "section": "world",
            }
        )
        + "\n\n",
        encoding="utf-8",
    )
    csv_path = tmp_path / "news.csv"
    csv_path.write_text(
        'text,title,published\n"قال الكرملين إن الحوار ممكن.",عنوان,17/12/2021\n', encoding="utf-8"
    )
    report = project.ingest([str(jsonl)], columns=Columns(
        text="body", title="headline", date="day", source="outlet"))
    project.ingest([str(csv_path)])
    assert report.articles_new == 1
    first, second = project.article(1), project.article(2)
    assert (first.title, first.published, first.source, first.language) == (
        "Kyiv", "2022-01-05", "Wire", "en",
    )
    assert first.metadata == {"section": "world"}
    assert (second.title, second.published, second.language) == ("عنوان", "2021-12-17", "ar")


def test_folder_is_read_recursively_and_stdin_works(project, tmp_path, run):
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("Russia said no.", encoding="utf-8")
    (tmp_path / "corpus" / "sub" / "b.md").write_text(
        "# Title\n\nNATO said **yes**.", encoding="utf-8"
    )
    (tmp_path / "corpus" / "notes.bin").write_bytes(b"\x00\x01")
    assert run("ingest", tmp_path / "corpus").exit_code == 0
    result = run("ingest", "-", "--lang", "ar", input="قالت موسكو إنها لن تتراجع.".encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert [a["title"] for a in project.articles()] == [None, "Title", None]
    assert project.article(2).text == "NATO said yes."
    assert project.article(3).language == "ar"


BAD_INPUTS = {
    "empty.txt": (b"", "empty.txt: empty file: no article in it"),
    "latin1.txt": (
        "Il a dit non.\nLe président".encode("latin-1"),
        "latin1.txt:2: not valid UTF-8 (byte 0xe9)",
    ),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt: has NUL bytes"),
    "notext.csv": (
        b"title,summary\nA,B\n",
        (
            "notext.csv: no text column (tried text, body, content, article); "
            "the columns are: title, summary"
        ),
    ),
    "notext.jsonl": (
        b'{"title": "A"}\n',
        (
            "notext.jsonl:1: no text column (tried text, body, "
            "content, article); the columns are: title"
        ),
    ),
    "broken.jsonl": (b'{"text": "ok here."}\n{"text": "cut\n', "broken.jsonl:2: not valid JSON"),
    "list.jsonl": (b'["text"]\n', "list.jsonl:1: expected a JSON object, found list"),
    "quotes.csv": (b'text\n"never closed\n', "quotes.csv"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_one_line_error_and_stores_nothing(project, tmp_path, run, name):
    data, message = BAD_INPUTS[name]
    (tmp_path / name).write_bytes(data)
    result = run("ingest", tmp_path / name)
    assert result.exit_code == 1
    [line] = [line for line in result.stderr.splitlines() if line]
    assert line.startswith("Error: ") and message in line
    assert "Traceback" not in result.output
    assert project.stats()["articles"] == 0


def test_a_bad_file_does_not_stop_the_good_ones(project, tmp_path, run):
    (tmp_path / "good.txt").write_text("Kyiv said it will not give up.", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "first fine."}\nnot json\n', encoding="utf-8")
    result = run("ingest", tmp_path / "bad.jsonl", tmp_path / "good.txt")
    assert result.exit_code == 1
    assert "1 new article," in result.stdout
    assert [a["id"] for a in project.articles()] == [
        1
    ]  # nothing of bad.jsonl, not even its first row


def test_usage_errors_exit_2(run, project, tmp_path):
    assert run("ingest", "x.txt", "--format", "docx").exit_code == 2
    missing = run("ingest", tmp_path / "nowhere.txt")
    assert missing.exit_code == 1
    assert "nowhere.txt: no such file or folder" in missing.stderr


def test_a_command_without_a_project_says_how_to_make_one(run):
    result = run("statements")
    assert result.exit_code == 1
    assert "No project at" in result.stderr and "claims init" in result.stderr


def test_bad_published_date_is_refused(run, project, tmp_path):
    (tmp_path / "a.txt").write_text("Kyiv said no.", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--published", "yesterday-ish")
    assert result.exit_code == 1
    assert "Cannot read --published 'yesterday-ish'" in result.stderr


@pytest.mark.parametrize("given", ["05/12/2021", "17/12/2021", "17 December 2021", "2021/12/17"])
def test_a_published_date_on_the_command_line_is_iso_or_refused(run, project, tmp_path, given):
    (tmp_path / "a.txt").write_text("Kyiv said no.", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--published", given)
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: Cannot read --published {given!r}: write it as YYYY-MM-DD (or YYYY, YYYY-MM, "
        "or a date and time such as 2021-12-17T10:00).\n"))
    assert project.stats()["articles"] == 0


@pytest.mark.parametrize("given, stored", [("2021", "2021"), ("2021-12", "2021-12"),
                                           ("2021-12-17", "2021-12-17"),
                                           ("2021-12-17T10:00", "2021-12-17T10:00:00")])
def test_iso_dates_of_every_precision_are_taken(run, project, tmp_path, given, stored):
    (tmp_path / "a.txt").write_text("Kyiv said no.", encoding="utf-8")
    assert run("ingest", tmp_path / "a.txt", "--published", given).exit_code == 0
    assert project.article(1).published == stored


def test_an_ambiguous_day_month_date_in_a_file_is_refused_with_its_row(project, tmp_path, run):
    news = tmp_path / "news.csv"
    news.write_text("text,published\nKyiv said no.,17/12/2021\nMoscow said yes.,05/12/2021\n",
                    encoding="utf-8")
    result = run("ingest", news)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: {news}:3: The date '05/12/2021' reads as day/month or as month/day; "
        "write it as YYYY-MM-DD.")


def test_python_api_ingest_reports_errors_without_raising(tmp_path):
    (tmp_path / "e.txt").write_text("   \n", encoding="utf-8")
    with Project.init(tmp_path / "p.db") as project:
        report = project.ingest([str(tmp_path / "e.txt")])
    assert report.errors == [f"{tmp_path / 'e.txt'}: empty file: no article in it"]


@pytest.mark.parametrize(
    "line",
    [
        "دقائق القراءة - 3", "دقيقة للقراءة", "وقت القراءة: 4 دقائق", "3 min read",
        "time reading iconدقائق القراءة - 5",
    ],
)
def test_reading_time_lines_are_page_chrome_in_arabic_and_english(line):
    from claims.ingest import clean

    assert (
        clean(f"{line}\n\nقال الكرملين إن روسيا تريد ضمانات مكتوبة.")
        == "قال الكرملين إن روسيا تريد ضمانات مكتوبة."
    )


def test_a_misspelled_column_option_is_one_line_and_stores_nothing(project, run, tmp_path):
    news = tmp_path / "news.csv"
    news.write_text(
        "body,headline,day\nقال الكرملين إن روسيا تريد ضمانات.,عنوان,2021-12-17\n", encoding="utf-8"
    )
    result = run("ingest", news, "--text-column", "body", "--date-column", "date")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: {news}:2: no date column 'date'; the columns are: body, "
        "headline, day. Name it with --date-column."
    )
    assert project.stats()["articles"] == 0
    assert run("ingest", news, "--text-column", "body", "--date-column", "day").exit_code == 0
    assert project.article(1).published == "2021-12-17"


def test_a_row_with_no_text_left_is_skipped_with_a_warning_and_the_file_goes_on(
    project, tmp_path, run, monkeypatch
):
    from claims import ingest

    monkeypatch.setattr(ingest, "ARTICLES_PER_COMMIT", 2)  # rows in several batches
    rows = [{"text": f"The minister said {n} times no."} for n in range(3)]
    rows.insert(1, {"text": "Share\n\n12 34"})
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    result = run("ingest", tmp_path / "pages.jsonl")
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"Warning: skipped {tmp_path / 'pages.jsonl'}:2: no text left after "
                             "removing page chrome\n")
    assert result.stdout.startswith("3 new articles, 0 already in the project, 1 with no text "
                                    "left, 3 statements, from 1 of 1 file.")
    assert project.stats()["articles"] == 3


def test_the_summary_counts_the_batches_stored_before_a_bad_row(
    project, tmp_path, run, monkeypatch
):
    from claims import ingest

    monkeypatch.setattr(ingest, "ARTICLES_PER_COMMIT", 2)
    rows = [json.dumps({"text": f"The minister said {n} times no."}) for n in range(3)]
    (tmp_path / "big.jsonl").write_text("\n".join([*rows, "{broken"]) + "\n")
    result = run("ingest", tmp_path / "big.jsonl")
    assert result.exit_code == 1
    assert "(the 2 articles before it are stored" in result.stderr
    assert result.stdout.startswith("2 new articles, 0 already in the project, 2 statements, "
                                    "from 0 of 1 file.")
    assert project.stats()["articles"] == 2


def test_a_sentence_on_every_page_of_one_source_is_a_statement_of_the_first_three_only(
    project, tmp_path, run
):
    sidebar = "Read the most popular stories on our site today."
    rows = [{"text": f"The minister said {n} times it was wrong. {sidebar}", "url": f"https://a.example/{n}"}
            for n in range(5)]
    rows.append({"text": f"The envoy said yes. {sidebar}", "url": "https://b.example/1"})
    (tmp_path / "site.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert run("ingest", tmp_path / "site.jsonl").exit_code == 0
    texts = [statement.text for statement in project.statements()]
    assert texts.count(sidebar) == 4  # three of a.example, one of b.example
    assert sum(text.startswith("The minister said") for text in texts) == 5


@pytest.mark.parametrize("line", ["ABSTRACT.", "FULL TEXT", "Follow @politico.",
                                  "Follow @nytimes on Twitter"])
def test_archive_labels_and_follow_lines_are_page_chrome(line):
    from claims.ingest import clean

    lead = "Mr. Sanders said he would stay in the race."
    assert clean(f"{line}\n\n{lead}") == lead
    # a sentence that opens with the word is prose
    prose = "Abstract art was the subject of the exhibition, the museum said."
    assert clean(prose) == prose


@pytest.mark.parametrize("first, title", [
    ("Stealth Over Health: Clinton Was Headed to ER.",
     "Stealth Over Health: Clinton Was Headed to ER"),
    ("With Ailes Out, What's Next at Fox News?", "With Ailes Out, What's Next at Fox News?"),
    ("Kremlin demands security guarantees", "Kremlin demands security guarantees"),  # no stop
    ("House panel votes to hold Clinton aide in contempt.", None),  # a sentence: the lead
    ("Putin, Xi and Modi Met in Moscow.", "Putin, Xi and Modi Met in Moscow"),
    ("Putin, Xi and Modi met in Moscow.", None),  # names, but a lower-case verb: the lead
    ("Clinton Leads Trump in the U.S.", "Clinton Leads Trump in the U.S."),  # its stop kept
])
def test_a_text_files_headline_line_is_its_title(tmp_path, run, project, first, title):
    body = "A House committee voted on Tuesday to hold the aide in contempt, officials said."
    (tmp_path / "a.txt").write_text(f"{first}\n\n{body}\n", encoding="utf-8")
    assert run("ingest", tmp_path / "a.txt").exit_code == 0
    (article,) = project.articles()
    assert article["title"] == title
    assert len(project.statements()) == (1 if title else 2)
