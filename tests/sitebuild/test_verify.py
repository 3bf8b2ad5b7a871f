"""verify_site: exact after a build; names stale and missing pages and feed entries."""

from __future__ import annotations

from contentmodels.document import Document
from sitebuild.build import verify_site


def test_exact_after_full_and_incremental_builds(built, law_docs):
    assert verify_site(public_dir=built.public, documents=list(built.documents.values())) == []
    built.put(Document.from_dict({**law_docs[1].to_dict(), "updated": "2029-01-01T00:00:00+08:00"}))
    built.publish(changed={law_docs[1].id})
    assert verify_site(public_dir=built.public, documents=list(built.documents.values())) == []


def test_reports_stale_page(built, law_docs):
    docs = dict(built.documents)
    newer = Document.from_dict({**law_docs[1].to_dict(), "updated": "2029-01-01T00:00:00+08:00"})
    docs[newer.id] = newer
    problems = verify_site(public_dir=built.public, documents=list(docs.values()))
    assert any(p.startswith(f"stale page: {newer.id}") for p in problems)


def test_reports_page_and_feed_entries_of_unpublished_document(built, wto_docs):
    gone = wto_docs[0]
    docs = [d for d in built.documents.values() if d.id != gone.id]
    problems = verify_site(public_dir=built.public, documents=docs)
    stale = f"stale page: {gone.id} {gone.url} is not a live document (page still served)"
    assert stale in problems
    assert any(p.startswith("feed /feeds/all.atom.xml: entry") and gone.url in p for p in problems)


def test_reports_missing_page_and_missing_newest_feed_entries(built, wto_docs):
    new = Document.from_dict(
        {
            **wto_docs[0].to_dict(),
            "id": "wto-x",
            "url": "/notifications/x/",
            "date": "2035-01-01T00:00:00+08:00",
        }
    )
    problems = verify_site(public_dir=built.public, documents=[*built.documents.values(), new])
    assert "missing page: wto-x /notifications/x/" in problems
    assert any(p.startswith("feed /feeds/all.atom.xml: missing newest entries") for p in problems)
