"""Bad seeds never fail the run and never silently disappear.

A corpus of every kind of awkward input (generated here, nothing committed) is materialized
with the real seeds through the real Definitions: the run succeeds, the real seeds land with
their trials, and each awkward file is a document that is either processed correctly or
rejected with a reason a person can act on. ``html_to_text`` is tested directly too: the text
it extracts maps back to offsets in the raw HTML.
"""

from __future__ import annotations

import os
import re
import shutil
import tracemalloc
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.html_text import html_to_text, looks_like_html
from pipeline.ingest import DEFAULT_MAX_BYTES, doc_id_for, ingest, read_seed
from pipeline.text import MappedText
from tests.conftest import PROJECT_ROOT, SEEDS
from tests.dagster_helpers import env, materialize_into

SIZE_LIMIT = 1_000_000  # MSC_MAX_SEED_BYTES for the run: far above every real seed
HUGE = 100 * 1024 * 1024

STUDY = ("Mesenchymal stromal cells for {condition}: a phase 1 trial\n\n"
         "Methods: Twelve patients with {condition} received allogeneic umbilical cord "
         "mesenchymal stem cells at 1 × 10^6 cells/kg intravenously.\n"
         "Results: No serious adverse events occurred; mild fever was seen in 2 patients.\n")

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>MSCs in lupus nephritis</title>
<style>p { color: red }</style>
<script>var tracker = "<p>trackingcode 2 x 10^9 cells/kg</p>";</script></head>
<body><!-- navigation: cookieconsent banner -->
<div class="abstract" data-x="a>b"><h1>Umbilical cord MSCs in lupus nephritis: a phase 1 trial</h1>
<p>Methods: Twelve patients with lupus nephritis received allogeneic umbilical
cord mesenchymal stem cells at 1&nbsp;&times;&nbsp;10<sup>6</sup> cells/kg intravenously.</p>
<p>Results: No serious adverse events occurred &amp; mild fever was seen in 2 patients.</p>
</div></body></html>
"""


def _write_corpus(root: Path) -> Path:
    """seeds/ (the five real seeds plus every bad input) and a secret file outside it."""
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    (root / "secret.txt").write_text("a file outside the seeds folder\n")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "blank.txt").write_bytes(b"  \n\t\n")
    (seeds / "bom_only.txt").write_bytes(b"\xef\xbb\xbf")
    (seeds / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (seeds / "paper.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n")
    (seeds / "noise.bin").write_bytes(bytes(range(256)) * 16)
    (seeds / "broken utf8.txt").write_bytes(
        STUDY.format(condition="Crohn’s disease").encode() + b"\xff trailing byte\n")
    (seeds / "utf16 bom.txt").write_bytes(STUDY.format(condition="knee osteoarthritis").encode("utf-16"))
    (seeds / "utf16le.txt").write_bytes(STUDY.format(condition="multiple sclerosis").encode("utf-16-le"))
    (seeds / "utf16be.txt").write_bytes(STUDY.format(condition="liver cirrhosis").encode("utf-16-be"))
    (seeds / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (seeds / "gb18030.txt").write_bytes(GB_TEXT.encode("gb18030"))
    (seeds / "cp1256.txt").write_bytes(ARABIC_TEXT.encode("cp1256"))
    (seeds / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (seeds / "no study.txt").write_text(NO_STUDY_TEXT)
    shutil.copyfile(SEEDS / "001_15b4aec4b0fc40fe.txt", seeds / "ünïcødé copy of 001.txt")
    (seeds / "with spaces in the name.txt").write_text(STUDY.format(condition="type 1 diabetes"))
    (seeds / "-rf --leading-dash.txt").write_text(STUDY.format(condition="ulcerative colitis"))
    (seeds / os.fsdecode(b"caf\xe9 latin1 name.txt")).write_text(STUDY.format(condition="psoriasis"))
    with open(seeds / "huge.txt", "wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(HUGE)
    os.mkfifo(seeds / "pipe.txt")
    os.symlink(root / "secret.txt", seeds / "outside.txt")
    os.symlink("loop.txt", seeds / "loop.txt")
    os.symlink("nowhere.txt", seeds / "dangling.txt")
    os.symlink(root, seeds / "folder link")
    return seeds


LATIN1_TEXT = ("Mesenchymale Stammzellen bei Morbus Crohn: eine Phase-2-Studie. Zwölf Patienten "
               "erhielten 2 × 10^6 Zellen/kg Körpergewicht; Nebenwirkungen waren mäßig.\n")
GB_TEXT = "间充质干细胞治疗系统性红斑狼疮的临床试验：二十例患者接受了每公斤一百万个细胞的静脉输注。\n"
ARABIC_TEXT = "تجربة سريرية للخلايا الجذعية الوسيطة في مرضى الذئبة الحمراء، عشرون مريضا.\n"
NO_STUDY_TEXT = ("Page not found\n\nThe page you requested could not be found. Please check the "
                 "address or use the search box.\n\nAbout us | Contact | Privacy policy\n")

# file -> (status, words the reject reason must contain, or None when the file is processed)
EXPECTED = {
    "empty.txt": ("rejected", "empty"),
    "blank.txt": ("rejected", "empty"),
    "bom_only.txt": ("rejected", "no text"),
    "figure.png": ("rejected", "PNG"),
    "paper.pdf": ("rejected", "PDF"),
    "noise.bin": ("rejected", "binary"),
    "huge.txt": ("rejected", "limit"),
    "pipe.txt": ("rejected", "not a regular file"),
    "outside.txt": ("rejected", "outside the seeds folder"),
    "loop.txt": ("rejected", "loop"),
    "dangling.txt": ("rejected", "broken symlink"),
    "folder link": ("rejected", "outside the seeds folder"),
    "ünïcødé copy of 001.txt": ("rejected", "duplicate"),
    "broken utf8.txt": ("ok", None),
    "utf16 bom.txt": ("ok", None),
    "utf16le.txt": ("ok", None),
    "utf16be.txt": ("ok", None),
    "latin1.txt": ("ok", None),
    "gb18030.txt": ("ok", None),
    "cp1256.txt": ("ok", None),
    "page.html": ("ok", None),
    "no study.txt": ("ok", None),
    "with spaces in the name.txt": ("ok", None),
    "-rf --leading-dash.txt": ("ok", None),
    "caf\\xe9 latin1 name.txt": ("ok", None),
}
REAL_SEEDS = sorted(p.name for p in SEEDS.iterdir())
# processed pages that state a study the extractors must find
STUDY_PAGES = ["broken utf8.txt", "utf16 bom.txt", "utf16le.txt", "utf16be.txt", "page.html",
               "with spaces in the name.txt", "-rf --leading-dash.txt", "caf\\xe9 latin1 name.txt"]


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("bad_seeds"))


@pytest.fixture(scope="module")
def warehouse(bad_corpus: Path) -> duckdb.DuckDBPyConnection:
    root = bad_corpus.parent
    with env(MSC_MAX_SEED_BYTES=str(SIZE_LIMIT)):
        result, path = materialize_into(bad_corpus, root / "warehouse" / "msc.duckdb", root / "dagster_home")
    assert result.success, "a bad seed failed the run"
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def _documents(con) -> dict[str, dict]:
    cur = con.execute("SELECT * FROM documents")
    names = [d[0] for d in cur.description]
    return {row[names.index("source_file")]: dict(zip(names, row)) for row in cur.fetchall()}


def test_every_seed_is_one_document_and_none_disappears(warehouse):
    docs = _documents(warehouse)
    assert sorted(docs) == sorted(REAL_SEEDS + list(EXPECTED))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_seed_is_rejected_with_its_reason_or_processed(warehouse, name):
    doc = _documents(warehouse)[name]
    status, reason = EXPECTED[name]
    assert doc["status"] == status, doc["reject_reason"]
    if reason is None:
        assert doc["reject_reason"] is None and doc["raw_text"].strip()
    else:
        assert reason.lower() in doc["reject_reason"].lower()
    assert doc["doc_id"] == doc_id_for(name)


def test_the_real_seeds_are_published_with_their_trials(warehouse):
    docs = _documents(warehouse)
    for name in REAL_SEEDS:
        assert docs[name]["status"] == "ok"
        assert docs[name]["raw_text"] == (SEEDS / name).read_text(encoding="utf-8")
        n = warehouse.execute("SELECT count(*) FROM trials WHERE doc_id = ?", [docs[name]["doc_id"]]).fetchone()[0]
        assert n >= 1, f"{name} lost its trial among bad seeds"


def test_decoded_pages_hold_the_text_as_written(warehouse):
    docs = _documents(warehouse)
    assert docs["latin1.txt"]["raw_text"] == LATIN1_TEXT
    assert docs["gb18030.txt"]["raw_text"] == GB_TEXT
    assert docs["cp1256.txt"]["raw_text"] == ARABIC_TEXT
    for name, condition in (("utf16 bom.txt", "knee osteoarthritis"), ("utf16le.txt", "multiple sclerosis"),
                            ("utf16be.txt", "liver cirrhosis")):
        assert docs[name]["raw_text"].lstrip("\ufeff") == STUDY.format(condition=condition)
    broken = docs["broken utf8.txt"]
    assert broken["raw_text"] == STUDY.format(condition="Crohn’s disease") + "\ufffd trailing byte\n"
    assert broken["encoding"].startswith("utf-8") and "1 invalid byte" in broken["encoding"]


def test_duplicate_is_one_document_with_both_names_recorded(warehouse):
    docs = _documents(warehouse)
    first, copy = docs["001_15b4aec4b0fc40fe.txt"], docs["ünïcødé copy of 001.txt"]
    assert copy["duplicate_of"] == first["doc_id"] and first["status"] == "ok"
    assert "001_15b4aec4b0fc40fe.txt" in copy["reject_reason"]
    assert copy["content_sha256"] == first["content_sha256"]
    assert warehouse.execute("SELECT count(*) FROM trials WHERE doc_id = ?", [copy["doc_id"]]).fetchone()[0] == 0


def test_pages_stating_a_study_yield_a_trial_and_a_page_without_one_yields_none(warehouse):
    docs = _documents(warehouse)
    for name in STUDY_PAGES:
        n = warehouse.execute("SELECT count(*) FROM trials WHERE doc_id = ?", [docs[name]["doc_id"]]).fetchone()[0]
        assert n >= 1, f"no trial found in {name!r}"
    n = warehouse.execute("SELECT count(*) FROM trials WHERE doc_id = ?", [docs["no study.txt"]["doc_id"]]).fetchone()[0]
    assert n == 0


def test_html_page_is_read_as_its_text_with_offsets_into_the_markup(warehouse):
    doc = _documents(warehouse)["page.html"]
    assert doc["raw_text"] == HTML_PAGE  # raw_text stays the file's text as decoded
    clean = doc["clean_text"]
    assert "Twelve patients with lupus nephritis" in clean
    for markup in ("<p>", "<sup>", "&times;", "trackingcode", "cookieconsent", "color: red"):
        assert markup not in clean, f"{markup!r} from the markup reached clean_text"
    doses = warehouse.execute("SELECT dose_text, char_start, char_end, cells_per_kg FROM doses "
                              "WHERE doc_id = ?", [doc["doc_id"]]).fetchall()
    assert [d[3] for d in doses] == [1e6]
    for text, start, end, _ in doses:
        assert HTML_PAGE[start:end] == text
    spans = warehouse.execute("SELECT char_start, char_end, evidence_text FROM evidence WHERE doc_id = ?",
                              [doc["doc_id"]]).fetchall()
    assert spans and all(HTML_PAGE[s:e] == t for s, e, t in spans)


def test_oversized_seed_is_refused_by_size_without_being_read(bad_corpus):
    huge = bad_corpus / "huge.txt"
    tracemalloc.start()
    try:
        doc = read_seed(huge, bad_corpus, max_bytes=SIZE_LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.status == "rejected" and doc.n_bytes == HUGE
    assert f"{HUGE:,}" in doc.reject_reason and "MSC_MAX_SEED_BYTES" in doc.reject_reason
    assert peak < SIZE_LIMIT, f"reading the refusal took {peak:,} bytes"
    assert doc.content_sha256 == ""  # never hashed, so never read


def test_size_limit_default_is_documented():
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "MSC_MAX_SEED_BYTES" in readme
    assert f"{DEFAULT_MAX_BYTES // 2**20} MB" in readme


def test_file_growing_past_the_limit_after_it_was_measured_is_refused(tmp_path, monkeypatch):
    import pipeline.ingest

    seed = tmp_path / "growing.txt"
    seed.write_text("x" * 10)

    def grow_then_open(path, *args, **kwargs):
        seed.write_text("x" * 5000)  # grows between the size check and the read
        return open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.ingest, "open", grow_then_open, raising=False)
    doc = read_seed(seed, tmp_path, max_bytes=1000)
    assert doc.status == "rejected" and "limit" in doc.reject_reason and doc.n_bytes == 5000


def test_ingest_never_raises_on_the_corpus(bad_corpus):
    docs = list(ingest(bad_corpus, max_bytes=SIZE_LIMIT))
    assert len(docs) == len(REAL_SEEDS) + len(EXPECTED)


# ---- html_to_text on its own --------------------------------------------------------------


def _extract(raw: str) -> MappedText:
    return html_to_text(MappedText.identity(raw))


def test_html_text_drops_scripts_styles_comments_and_tags():
    text = _extract(HTML_PAGE).text
    assert text.startswith("MSCs in lupus nephritis\n")
    assert "Methods: Twelve patients with lupus nephritis received allogeneic umbilical cord" in text
    assert "1\u00a0×\u00a010^6 cells/kg intravenously." in text
    assert "occurred & mild fever" in text
    for gone in ("<", ">", "tracker", "cookieconsent", "color", "data-x", "DOCTYPE"):
        assert gone not in text


def test_html_block_tags_break_lines_and_inline_tags_vanish():
    out = _extract("<p>Bone <b>mar</b>row</p><p>second<br>third</p><li>fourth</li>").text
    assert out == "Bone marrow\n\nsecond\nthird\n\nfourth"  # a paragraph break is a blank line


def test_escaped_markup_stays_text():
    assert _extract("<p>&lt;p&gt; is a tag &amp; 5 &lt; 6</p>").text == "<p> is a tag & 5 < 6"


def test_spans_in_extracted_text_map_back_to_the_raw_html():
    raw = HTML_PAGE
    out = _extract(raw)
    phrase = "1\u00a0×\u00a010^6 cells/kg"
    i = out.text.index(phrase)
    start, end = out.raw_span(i, i + len(phrase))
    assert raw[start:end] == "1&nbsp;&times;&nbsp;10<sup>6</sup> cells/kg"
    j = out.text.index("lupus nephritis received")
    start, end = out.raw_span(j, j + len("lupus nephritis"))
    assert raw[start:end] == "lupus nephritis"


@pytest.mark.parametrize("text, expected", [
    (HTML_PAGE, True),
    ("<html><body>x</body></html>", True),
    ("\ufeff  <!doctype html>\n<title>x</title>", True),
    ("Title\n<p>one</p><p>two</p>", True),
    ("Survival improved (p<0.05); doses <10^6 cells/kg and >2 × 10^7 were compared.", False),
    ("CD34<sup> cells were <1% of the product (a stray tag)", False),
    ("", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


_HTML_ALPHABET = st.sampled_from(["<p>", "</p>", "<br/>", "<b>", "</b>", "<script>x<y</script>",
                                  "<!-- c -->", "&amp;", "&times;", "&#215;", "&bogus;", "&",
                                  "<", ">", " ", "\n", "\t", "a", "1", "é", "<sup>", "<a href='>'>",
                                  "<style>p{}</style>", "word"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_HTML_ALPHABET, max_size=40).map("".join))
def test_every_character_maps_to_the_raw_html_it_came_from(raw):
    out = _extract(raw)
    assert len(out.starts) == len(out.ends) == len(out.text)
    for ch, start, end in zip(out.text, out.starts, out.ends):
        assert 0 <= start < end <= len(raw)
        if end - start == 1 and raw[start] not in " \t\r\n\f":
            assert ch == raw[start]  # a character copied one for one is the raw character
        elif end - start > 1:  # a replacement maps to the markup, entity or whitespace it replaced
            assert raw[start] in "<& \t\r\n\f"
    assert not re.search(r"<(?:p|br/|b|/p|/b|sup)>", out.text)
