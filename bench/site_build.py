"""Time a full site build and an incremental build after one change, on real law texts.

    .venv/bin/python bench/site_build.py --docs 2000

Makes N law Documents from ../shared/data/laws (repeating the corpus with distinct ids and
URLs when N exceeds it), exports them to a temporary folder, times publish_site() full,
changes one document, times publish_site(changed={id}), and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

from contentmodels.document import Document, Feed, Field, write_document
from contentmodels.lawtext import render_law
from sitebuild.build import publish_site

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
LEVEL_KEYS = {
    "宪法": "constitution",
    "法律": "law",
    "行政法规": "administrative-regulation",
    "司法解释": "judicial-interpretation",
    "部门规章": "department-rule",
    "地方性法规": "local-regulation",
}


def make_documents(n: int) -> list[Document]:
    rows = [json.loads(line) for line in (DATA / "laws" / "index.jsonl").open(encoding="utf-8")]
    docs = []
    for i in range(n):
        row = rows[i % len(rows)]
        text = (DATA / "laws" / row["file"]).read_text(encoding="utf-8")
        law = render_law(text.split("<!-- INFO END -->", 1)[-1])
        body, sections = law.html, law.sections
        day = row["promulgation_date"] or "2000-01-01"
        doc_id = f"{row['id'][:16]}-{i // len(rows)}"
        docs.append(
            Document(
                id=doc_id,
                type="law",
                url=f"/laws/{doc_id}/",
                title=row["title"],
                date=f"{day}T09:00:00+08:00",
                updated=f"{day}T10:00:00+08:00",
                summary=re.sub(r"<[^>]+>", "", body)[:150],
                body_html=body,
                fields=[
                    Field("level", "效力位阶", row["level"], row["level"]),
                    Field("issuer", "制定机关", row["issuer"], row["issuer"]),
                    Field("status", "时效性", row["status"], row["status"]),
                ],
                facets={"level": [row["level"]]},
                feeds=[
                    Feed(
                        f"law/level/{LEVEL_KEYS.get(row['level'], 'other')}",
                        f"法律法规 · {row['level']}",
                    )
                ],
                sections=sections,
                status=row["status"],
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    docs = make_documents(args.docs)
    with tempfile.TemporaryDirectory(prefix="jinzhi-bench-") as tmp:
        root = Path(tmp)
        for doc in docs:
            write_document(root / "export", doc)
        where = {
            "export_dir": root / "export",
            "releases_dir": root / "releases",
            "public_link": root / "public",
        }
        start = time.perf_counter()
        publish_site(**where)
        full_s = time.perf_counter() - start
        changed = docs[len(docs) // 2]
        changed.title += "（修订）"
        changed.updated = "2030-01-01T08:00:00+08:00"
        write_document(root / "export", changed)
        start = time.perf_counter()
        report = publish_site(**where, changed={changed.id})
        incremental_s = time.perf_counter() - start
        assert report.mode == "incremental"
    print(
        json.dumps(
            {
                "docs": args.docs,
                "full_s": round(full_s, 2),
                "full_docs_per_s": round(args.docs / full_s, 1),
                "incremental_s": round(incremental_s, 3),
                "ratio": round(incremental_s / full_s, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
