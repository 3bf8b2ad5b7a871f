"""The default engine: SQLite FTS5 over pre-segmented text, in one file, no server.

Four FTS5 columns hold ``to_record``'s tokens (title/body words, title/body bigrams); the
``ascii`` tokenizer with our token punctuation splits them on whitespace only, exactly as
Elasticsearch's ``whitespace`` analyzer does. Ranking: documents holding the query as typed in
the title, then anywhere, then holding each of its runs, then matching by words only; BM25
(title weighted) within each tier.
Facets are counted in SQL. Readers and one writer run concurrently (WAL); writers serialise on
``<path>.lock``; ``rebuild`` writes ``<path>.new`` and swaps it in with ``os.replace``.
Must not import Django.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from contentmodels.document import Document

from ..query import SearchQuery, Term
from ..ranking import RERANK_WINDOW, SUPERSEDED_STATUSES, Candidate, in_window, rerank
from ..tokenize import TOKEN_PUNCTUATION
from .base import Hit, SearchResults, sorted_counts, to_records
from .base import SearchBackend as BaseBackend

COLUMNS = ("title_tokens", "body_tokens", "title_grams", "body_grams", "chars")
WEIGHTS = (8.0, 1.0, 8.0, 1.0, 0.0)  # bm25() column weights: title counts 8x the body
#: Above this many matches BM25 is not computed (it costs a lookup per match): title matches
#: then rank shortest title first (BM25's own preference for one occurrence), the rest newest
#: first, always after the tiers and documents in force.
BM25_MAX_MATCHES = 5000
SCHEMA_VERSION = 8  # PRAGMA user_version; an index of another version is rebuilt
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0, title_len INTEGER NOT NULL DEFAULT 0,
    sort_date TEXT, title TEXT, identifiers TEXT  -- one per line: what re-ranking compares
);
-- What a hit shows, apart from docs: ranking reads tens of thousands of docs rows, and narrow
-- rows keep that to a few pages.
CREATE TABLE IF NOT EXISTS stored (
    rowid INTEGER PRIMARY KEY, type_label TEXT, url TEXT, date TEXT,
    text TEXT, text_form TEXT, sections TEXT
);
CREATE TABLE IF NOT EXISTS facet_values (
    fid INTEGER PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (key, value)
);
CREATE TABLE IF NOT EXISTS facets (
    doc INTEGER NOT NULL, fid INTEGER NOT NULL, PRIMARY KEY (doc, fid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_fid ON facets (fid, doc);
CREATE INDEX IF NOT EXISTS docs_sort_date ON docs (sort_date);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    {", ".join(COLUMNS)}, tokenize = "ascii tokenchars '{TOKEN_PUNCTUATION}'"
);
-- Titles alone, so the "as typed in the title" tier does not read the body's position lists.
CREATE VIRTUAL TABLE IF NOT EXISTS title_fts USING fts5(
    title_grams, tokenize = "ascii tokenchars '{TOKEN_PUNCTUATION}'"
);
PRAGMA user_version = {SCHEMA_VERSION};
"""


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _gram_expr(term: Term, columns: str) -> str:
    if term.single_char:
        return f"{{chars}} : {_quote(term.text)}"
    return f"{{{columns}}} : {_quote(' '.join(term.grams))}{'*' if term.prefix else ''}"


def match_expressions(terms: list[Term]) -> str:
    """The FTS5 MATCH string for a query, built from quoted tokens only.

    Every run must match, by its bigram phrase or by all its words (when they add anything).
    """
    anywhere = []
    for t in terms:
        grams = _gram_expr(t, "title_grams body_grams")
        anywhere.append(f"({grams} OR {_words_expr(t)})" if t.word_match else grams)
    return " AND ".join(anywhere)


def _words_expr(term: Term) -> str:
    return f"{{title_tokens body_tokens}} : ({' AND '.join(map(_quote, term.word_match))})"


def tier_expressions(terms: list[Term], phrase: Term) -> list[str]:
    """MATCH strings for the ranking tiers, best first: the query as typed in the title, as
    typed anywhere, every run exactly somewhere. Documents matching none rank last.

    A tier that every match is in (a one-run query without separate words) is left out, and
    so is the title tier of a one-character query; a trailing one-character run does not take
    part in "as typed" (as a prefix it would expand to every bigram starting with it).
    """
    tiers = []
    if len(phrase.text) > 1:
        typed = _quote(" ".join(phrase.ranking_grams))
        tiers += [f"{{title_grams}} : {typed}", f"{{title_grams body_grams}} : {typed}"]
    if any(t.word_match for t in terms):
        tiers.append(" AND ".join(_gram_expr(t, "title_grams body_grams") for t in terms))
    if len(terms) == 1 and not terms[0].word_match and not terms[0].prefix:
        tiers = tiers[:1]  # "as typed anywhere" is the match itself
    return tiers


@dataclass(frozen=True)
class Pass:
    """One FTS query of a search. An adding pass inserts its matches with ``tier``; a ranking
    pass moves the matches it finds up to ``tier``. Lower tiers rank first."""

    tier: int
    table: str  # "fts", or "title_fts" for the title tier
    expression: str
    adds: bool


def match_plan(terms: list[Term], phrase: Term) -> list[Pass]:
    """The FTS queries of one search, each run once.

    One run of two characters or more is, as typed anywhere, its own bigram phrase: its
    matches are the phrase's (tier 1) plus its words' (tier 2), and no query is repeated to
    rank them. Other queries match once and rank by one more query per tier.
    """
    tiers = tier_expressions(terms, phrase)
    title = [Pass(0, "title_fts", tiers[0], False)] if len(phrase.text) > 1 else []
    (term,) = terms if len(terms) == 1 else (None,)
    if term and not term.single_char and not term.prefix and phrase.grams == term.grams:
        plan = [Pass(1, "fts", _gram_expr(term, "title_grams body_grams"), True)]
        if term.word_match:
            plan.append(Pass(2, "fts", _words_expr(term), True))
        return plan + title
    ranked = [Pass(i, "fts", expression, False) for i, expression in enumerate(tiers)][1:]
    return [Pass(len(tiers), "fts", match_expressions(terms), True), *title, *ranked]


def _filter_sql(filters: dict[str, list[str]], skip: str | None = None) -> tuple[str, list]:
    sql, params = [], []
    for key, values in filters.items():
        if key == skip:
            continue
        marks = ", ".join("?" * len(values))
        sql.append(
            " AND m.doc IN (SELECT doc FROM facets WHERE fid IN"
            f" (SELECT fid FROM facet_values WHERE key = ? AND value IN ({marks})))"
        )
        params += [key, *values]
    return "".join(sql), params


class OutdatedIndex(RuntimeError):
    """The index file was written by another version of this backend: rebuild it."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: the search index has an older format; run `jinzhi publish --full`"
        )


class SearchBackend(BaseBackend):
    """SQLite FTS5 index in the file ``path``."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection (none may outlive a rebuild swap); creates the schema."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as conn:
            conn.row_factory = sqlite3.Row
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone():
                with self._writer():
                    conn.execute("PRAGMA journal_mode = WAL")  # persistent: set once, at creation
                    conn.executescript(SCHEMA)
            yield conn

    def outdated(self) -> bool:
        with self._connect() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """Serialise writers (and the rebuild swap) across threads and processes."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- writing -----------------------------------------------------------------------------

    @staticmethod
    def _upsert(conn: sqlite3.Connection, docs: Iterable[Document]) -> int:
        written, fids = 0, {}
        for r in to_records(docs):
            old = conn.execute("SELECT rowid FROM docs WHERE id = ?", (r.id,)).fetchone()
            if old:
                SearchBackend._remove(conn, old[0])
            superseded = any(s in SUPERSEDED_STATUSES for s in r.facets.get("status", ()))
            rowid = conn.execute(
                "INSERT INTO docs (id, type, superseded, title_len, sort_date, title, identifiers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    r.id,
                    r.type,
                    superseded,
                    len(r.title),
                    r.sort_date,
                    r.title,
                    "\n".join(r.identifiers),
                ),
            ).lastrowid
            conn.execute(
                "INSERT INTO stored (rowid, type_label, url, date, text, text_form, sections)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rowid,
                    r.type_label,
                    r.url,
                    r.date,
                    r.text,
                    json.dumps(r.text_form, ensure_ascii=False),
                    json.dumps(r.sections, ensure_ascii=False),
                ),
            )
            conn.execute(
                f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                (rowid, r.title_tokens, r.body_tokens, r.title_grams, r.body_grams, r.chars),
            )
            conn.execute(
                "INSERT INTO title_fts (rowid, title_grams) VALUES (?, ?)", (rowid, r.title_grams)
            )
            pairs = [(k, v) for k, values in r.facets.items() for v in values]
            for pair in pairs:
                if pair not in fids:
                    conn.execute(
                        "INSERT INTO facet_values (key, value) VALUES (?, ?)"
                        " ON CONFLICT DO NOTHING",
                        pair,
                    )
                    fids[pair] = conn.execute(
                        "SELECT fid FROM facet_values WHERE key = ? AND value = ?", pair
                    ).fetchone()[0]
            conn.executemany(
                "INSERT OR IGNORE INTO facets (doc, fid) VALUES (?, ?)",
                [(rowid, fids[pair]) for pair in pairs],
            )
            written += 1
        return written

    @staticmethod
    def _remove(conn: sqlite3.Connection, rowid: int) -> None:
        tables = (("fts", "rowid"), ("title_fts", "rowid"), ("facets", "doc"), ("stored", "rowid"))
        for table, column in (*tables, ("docs", "rowid")):
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (rowid,))

    def index(self, docs: Iterable[Document]) -> int:
        if self.outdated():
            raise OutdatedIndex(self.path)
        with self._connect() as conn, self._writer():
            conn.execute("BEGIN IMMEDIATE")
            try:
                written = self._upsert(conn, docs)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        return written

    def delete(self, ids: Iterable[str]) -> None:
        with self._connect() as conn, self._writer():
            conn.execute("BEGIN IMMEDIATE")
            for doc_id in ids:
                row = conn.execute("SELECT rowid FROM docs WHERE id = ?", (doc_id,)).fetchone()
                if row:
                    self._remove(conn, row[0])
            conn.execute("COMMIT")

    def rebuild(self, docs: Iterable[Document]) -> int:
        new = self.path.with_name(self.path.name + ".new")
        with self._writer():
            new.unlink(missing_ok=True)
            with closing(sqlite3.connect(new, isolation_level=None)) as conn:
                conn.execute("PRAGMA journal_mode = OFF")  # a failed build is simply discarded
                conn.execute("PRAGMA synchronous = OFF")
                conn.executescript(SCHEMA)
                conn.execute("BEGIN")
                written = self._upsert(conn, docs)
                conn.execute("COMMIT")
                conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
                conn.execute("INSERT INTO title_fts (title_fts) VALUES ('optimize')")
                conn.execute("PRAGMA journal_mode = WAL")
            self._retire_wal()
            os.replace(new, self.path)
        return written

    def _retire_wal(self) -> None:
        """Take the old file out of WAL mode before it is replaced.

        Its ``-wal``/``-shm`` files are named after the path, not the file: left behind, the new
        file would be opened with the old file's log. Leaving WAL mode needs a moment with no
        reader, so retry; readers arriving meanwhile use the rollback journal, which is safe.
        """
        if not self.path.exists():
            return
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as conn:
            for _ in range(600):
                try:
                    if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete":
                        return
                except sqlite3.OperationalError:
                    pass
                time.sleep(0.05)
        raise TimeoutError(f"{self.path}: readers kept the index busy; rebuild not swapped in")

    # -- reading -----------------------------------------------------------------------------

    def ids(self) -> set[str]:
        with self._connect() as conn:
            return {row[0] for row in conn.execute("SELECT id FROM docs")}

    def count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT count(*) FROM docs").fetchone()[0]

    def search(self, query: SearchQuery) -> SearchResults:
        terms, filters = query.terms, query.all_filters
        if not terms and not filters or self.outdated():
            return SearchResults.empty(query)  # an outdated index is rebuilt by the next publish
        with self._connect() as conn:
            conn.execute("BEGIN")  # one snapshot for matches, page and facets
            try:
                self._collect_matches(conn, query)
                return self._results(conn, query, terms, filters)
            finally:
                conn.execute("ROLLBACK")

    def matching_ids(self, query: SearchQuery) -> set[str]:
        if not (query.terms or query.all_filters) or self.outdated():
            return set()
        with self._connect() as conn:
            conn.execute("BEGIN")
            try:
                self._collect_matches(conn, query, ranked=False)
                where, params = _filter_sql(query.all_filters)
                rows = conn.execute(
                    "SELECT d.id FROM temp.m AS m JOIN docs AS d ON d.rowid = m.doc"
                    f" WHERE 1{where}",
                    params,
                )
                return {row[0] for row in rows}
            finally:
                conn.execute("ROLLBACK")

    @staticmethod
    def _collect_matches(conn: sqlite3.Connection, query: SearchQuery, ranked=True) -> None:
        """The matches into ``temp.m``, with their tier and score when ``ranked``."""
        conn.execute("CREATE TEMP TABLE m (doc INTEGER PRIMARY KEY, tier INTEGER, score REAL)")
        terms = query.terms
        if not terms:
            conn.execute("INSERT INTO temp.m SELECT rowid, 0, 0 FROM docs")
        elif not ranked:
            conn.execute(
                "INSERT INTO temp.m SELECT rowid, 0, 0 FROM fts WHERE fts MATCH ?",
                (match_expressions(terms),),
            )
        else:
            SearchBackend._insert_matches(conn, query, terms)
        if query.date_range:
            # Applied to the matches, so results and facet counts both respect the dates.
            conn.execute(
                "DELETE FROM temp.m WHERE doc NOT IN"
                " (SELECT rowid FROM docs WHERE sort_date >= ? AND sort_date < ?)",
                query.date_range,
            )

    @staticmethod
    def _insert_matches(conn: sqlite3.Connection, query: SearchQuery, terms: list[Term]) -> None:
        """The matches and their tier (``match_plan``) and, while there are not too many,
        their BM25 score (one more pass of the whole match)."""
        for step in match_plan(terms, query.phrase):
            source = f"SELECT rowid FROM {step.table} WHERE {step.table} MATCH ?"
            if step.adds:
                conn.execute(
                    f"INSERT OR IGNORE INTO temp.m SELECT rowid, ?, 0 FROM ({source})",
                    (step.tier, step.expression),
                )
            else:
                conn.execute(
                    f"UPDATE temp.m SET tier = ? WHERE tier > ? AND doc IN ({source})",
                    (step.tier, step.tier, step.expression),
                )
        if conn.execute("SELECT count(*) FROM temp.m").fetchone()[0] <= BM25_MAX_MATCHES:
            weights = ", ".join(map(str, WEIGHTS))
            conn.execute(
                f"UPDATE temp.m SET score = s.score FROM (SELECT rowid, bm25(fts, {weights})"
                " AS score FROM fts WHERE fts MATCH ?) AS s WHERE s.rowid = temp.m.doc",
                (match_expressions(terms),),
            )

    def _results(self, conn, query: SearchQuery, terms: list[Term], filters) -> SearchResults:
        where, params = _filter_sql(filters)
        count_sql = f"SELECT count(*) FROM temp.m AS m WHERE 1{where}"
        total = conn.execute(count_sql, params).fetchone()[0]
        by_date = query.sort == "date" or not terms
        order = (
            "d.sort_date DESC, m.tier, m.score"
            if by_date
            else "m.tier, d.superseded, m.score, iif(m.tier = 0, d.title_len, 0), d.sort_date DESC"
        )
        # By relevance, read the matches and look their documents up (CROSS JOIN keeps that
        # order): left to itself, SQLite walks every document in date order instead.
        join = "JOIN" if by_date else "CROSS JOIN"
        offset = (query.page - 1) * query.per_page
        ranked_sql = (
            f"SELECT d.rowid, d.id, d.title, d.identifiers FROM temp.m AS m {join} docs AS d"
            " ON d.rowid = m.doc"
            f" WHERE 1{where} ORDER BY {order}, d.id LIMIT ? OFFSET ?"
        )
        if in_window(query):
            head = conn.execute(ranked_sql, [*params, RERANK_WINDOW, 0]).fetchall()
            facets = self._facets_of(conn, [r["rowid"] for r in head], ("status", "level"))
            candidates = [
                Candidate(
                    r["id"],
                    r["title"],
                    facets.get(r["rowid"], {}),
                    tuple(filter(None, (r["identifiers"] or "").split("\n"))),
                )
                for r in head
            ]
            rowid_of = {r["id"]: r["rowid"] for r in head}
            ranked = rerank(candidates, query)[offset : offset + query.per_page]
            page = [rowid_of[c.id] for c in ranked]
        else:
            page = [r["rowid"] for r in conn.execute(ranked_sql, [*params, query.per_page, offset])]
        return SearchResults(
            total,
            self._hits(conn, page, terms),
            self._facets(conn, filters),
            query.page,
            query.per_page,
            query.q,
        )

    @staticmethod
    def _hits(conn: sqlite3.Connection, rowids: list[int], terms: list[Term]) -> list[Hit]:
        """The hits of these documents, in this order."""
        rows = conn.execute(
            "SELECT d.rowid, d.id, d.type, d.title, s.* FROM docs AS d"
            f" JOIN stored AS s ON s.rowid = d.rowid WHERE d.rowid IN ({', '.join('?' * len(rowids))})",
            rowids,
        )
        stored = {
            row["rowid"]: {
                **dict(row),
                "text_form": json.loads(row["text_form"]),
                "sections": json.loads(row["sections"] or "[]"),
            }
            for row in rows
        }
        return [Hit.from_stored(stored[rowid], terms) for rowid in rowids]

    @staticmethod
    def _facets_of(conn: sqlite3.Connection, rowids: list[int], keys: tuple[str, ...]) -> dict:
        """rowid -> {key: values} for these documents and facet keys."""
        found: dict[int, dict[str, list[str]]] = {}
        if rowids:
            rows = conn.execute(
                "SELECT f.doc, v.key, v.value FROM facets AS f JOIN facet_values AS v USING (fid)"
                f" WHERE f.doc IN ({', '.join('?' * len(rowids))})"
                f" AND v.key IN ({', '.join('?' * len(keys))})",
                [*rowids, *keys],
            )
            for doc, key, value in rows:
                found.setdefault(doc, {}).setdefault(key, []).append(value)
        return found

    @staticmethod
    def _facets(conn: sqlite3.Connection, filters: dict[str, list[str]]) -> dict:
        """Counts over the matches; a filtered key is counted without its own filter."""
        counts: dict[str, dict[str, int]] = {"type": {}}
        for skip in (None, *filters):
            where, params = _filter_sql(filters, skip=skip)
            key_sql = "" if skip is None else " AND v.key = ?"
            rows = conn.execute(
                "SELECT v.key, v.value, c.n FROM (SELECT fid, count(*) AS n FROM facets"
                f" WHERE doc IN (SELECT m.doc FROM temp.m AS m WHERE 1{where}) GROUP BY fid) AS c"
                f" JOIN facet_values AS v USING (fid) WHERE 1{key_sql}",
                params + ([] if skip is None else [skip]),
            ).fetchall()
            if skip is not None:
                counts[skip] = {}
            for key, value, n in rows:
                if skip is None and key in filters:
                    continue
                counts.setdefault(key, {})[value] = n
        return {k: sorted_counts(v) for k, v in counts.items()}
