"""The embedded SQLite FTS5 backend: the contract, plus its query strings and file handling."""

import sqlite3
import threading
import time
from contextlib import closing

import corpus
import pytest
from contract import BackendContract

from search import SearchQuery, get_backend
from search.backends import embedded
from search.query import parse_phrase, parse_terms


@pytest.fixture(scope="class")
def backend_factory(tmp_path_factory):
    def make():
        path = tmp_path_factory.mktemp("index") / "index.sqlite"
        return get_backend({"BACKEND": "search.backends.embedded", "PATH": str(path)})

    return make


class TestEmbeddedContract(BackendContract):
    pass


def test_get_backend_passes_lower_cased_options(tmp_path):
    backend = get_backend({"BACKEND": "search.backends.embedded", "PATH": tmp_path / "x.sqlite"})
    assert isinstance(backend, embedded.SearchBackend)
    assert backend.path == tmp_path / "x.sqlite"


def test_match_expressions_are_built_from_quoted_tokens_only():
    terms = parse_terms('电池 "5W-30" a*b NOT 质量监督检验')
    assert embedded.match_expressions(terms) == (
        # one word equal to the run: its bigram phrase already finds it
        '{title_grams body_grams} : "电池"'
        # quoted: the exact sequence, bigrams only
        ' AND {title_grams body_grams} : "5› ‹5 5w w- -3 ‹3 30 0›"'
        # one character: a character the document holds
        ' AND {chars} : "a" AND {chars} : "b"'
        ' AND {title_grams body_grams} : "no ot"'
        # words that may match apart
        ' AND ({title_grams body_grams} : "质量 量监 监督 督检 检验"'
        ' OR {title_tokens body_tokens} : ("质量监督" AND "检验"))'
    )
    title, anywhere, each = embedded.tier_expressions(
        terms, parse_phrase('电池 "5W-30" a*b NOT 质量监督检验')
    )
    typed = "电池 池 5› ‹5 5w w- -3 ‹3 30 0› 0 a b no ot t 质量 量监 监督 督检 检验"
    assert title == f'{{title_grams}} : "{typed}"'
    assert anywhere == f'{{title_grams body_grams}} : "{typed}"'
    assert each.startswith(
        '{title_grams body_grams} : "电池" AND {title_grams body_grams} : "5› ‹5 5w'
    )


def test_tiers_of_one_run_and_of_a_trailing_character():
    # One run matched by its bigrams: every match holds it as typed; only the title tier ranks.
    assert embedded.tier_expressions(parse_terms("蓄电池"), parse_phrase("蓄电池")) == [
        '{title_grams} : "蓄电 电池"'
    ]
    # A trailing one-character run is no prefix in the tiers (it would expand to every bigram).
    assert embedded.tier_expressions(parse_terms("书》规"), parse_phrase("书》规"))[:2] == [
        '{title_grams} : "书"',
        '{title_grams body_grams} : "书"',
    ]
    assert embedded.tier_expressions(parse_terms("锅"), parse_phrase("锅")) == []


def test_match_plan_runs_each_fts_query_once():
    def plan(q):
        steps = embedded.match_plan(parse_terms(q), parse_phrase(q))
        return [(p.tier, p.table, p.expression, p.adds) for p in steps]

    # One run: its bigram phrase (as typed anywhere), then its words; the title tier ranks.
    assert plan("质量监督检验") == [
        (1, "fts", '{title_grams body_grams} : "质量 量监 监督 督检 检验"', True),
        (2, "fts", '{title_tokens body_tokens} : ("质量监督" AND "检验")', True),
        (0, "title_fts", '{title_grams} : "质量 量监 监督 督检 检验"', False),
    ]
    assert plan("蓄电池") == [
        (1, "fts", '{title_grams body_grams} : "蓄电 电池"', True),
        (0, "title_fts", '{title_grams} : "蓄电 电池"', False),
    ]
    # Several runs: the whole match once, then one ranking query per tier.
    terms, phrase = parse_terms("质量监督检验 进口"), parse_phrase("质量监督检验 进口")
    title, anywhere, each = embedded.tier_expressions(terms, phrase)
    assert plan("质量监督检验 进口") == [
        (3, "fts", embedded.match_expressions(terms), True),
        (0, "title_fts", title, False),
        (1, "fts", anywhere, False),
        (2, "fts", each, False),
    ]
    assert plan("锅") == [(0, "fts", '{chars} : "锅"', True)]


def test_an_index_of_an_older_format_is_rebuilt_not_read(tmp_path):
    backend = embedded.SearchBackend(tmp_path / "index.sqlite")
    docs = corpus.documents("standard", 3)
    backend.index(docs)
    with closing(sqlite3.connect(backend.path)) as conn:
        conn.execute("PRAGMA user_version = 1")
    assert backend.outdated()
    assert backend.search(SearchQuery(q=docs[0].title)).total == 0  # no 500, no stale answer
    with pytest.raises(embedded.OutdatedIndex, match="publish --full"):
        backend.index(docs)
    backend.rebuild(docs)
    assert not backend.outdated() and backend.search(SearchQuery(q=docs[0].title)).total >= 1


def test_index_file_is_in_wal_mode_and_rebuild_leaves_no_stray_files(tmp_path):
    backend = embedded.SearchBackend(tmp_path / "index.sqlite")
    backend.index(corpus.documents("standard", 5))
    backend.rebuild(corpus.documents("standard", 3))
    with sqlite3.connect(tmp_path / "index.sqlite") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert backend.count() == 3
    assert not (tmp_path / "index.sqlite.new").exists()


def test_readers_keep_answering_while_a_writer_upserts_and_rebuilds(tmp_path):
    backend = embedded.SearchBackend(tmp_path / "index.sqlite")
    standards = corpus.documents("standard", 200)
    backend.rebuild(standards[:50])
    errors, totals, done = [], [], threading.Event()

    def read():
        while not done.is_set():
            try:
                totals.append(backend.search(SearchQuery(type="standard")).total)
            except Exception as error:  # noqa: BLE001 - any failure is the finding
                errors.append(error)
            time.sleep(0.005)  # a busy site, not a tight loop holding the GIL

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    for start in range(50, 200, 30):
        backend.index(standards[start : start + 30])
    backend.rebuild(standards)
    done.set()
    for t in readers:
        t.join()
    assert errors == []
    assert totals and min(totals) >= 50 and max(totals) <= 200
    assert backend.count() == 200


def test_a_fresh_home_without_its_search_folder_can_rebuild(tmp_path):
    """Regression: the first full publish of a new JINZHI_HOME failed on the missing folder."""
    from search.backends.embedded import SearchBackend

    backend = SearchBackend(path=tmp_path / "not-yet" / "index.sqlite")
    assert backend.rebuild([]) == 0
    assert backend.ids() == set()
