"""`jinzhi check`: prove the export, search index, site and feeds hold exactly the live pages."""

from django.conf import settings

from cms.export import exported_ids, visible_pages
from cms.publishing import search_backend
from contentmodels.document import load_documents


def _diff(name: str, expected: set[str], actual: set[str], titles: dict[str, str]) -> list[str]:
    lines = [f"{name}: missing {i} {titles.get(i, '')}".rstrip() for i in sorted(expected - actual)]
    lines += [f"{name}: not live but present {i}" for i in sorted(actual - expected)]
    return lines


def check_consistency() -> list[str]:
    """Every difference between the CMS's live pages and what the public can reach."""
    from sitebuild.build import verify_site

    config = settings.JINZHI
    live = dict(visible_pages().values_list("pk", "title"))
    titles = {str(k): v for k, v in live.items()}
    expected = set(titles)
    problems = _diff("export", expected, exported_ids(export_dir=config.export_dir), titles)
    problems += _diff("index", expected, {str(i) for i in search_backend().ids()}, titles)
    documents = [d for d in load_documents(config.export_dir) if d.id in expected]
    if not config.public_dir.exists():
        problems.append(f"site: no live site at {config.public_dir}")
    else:
        problems += [
            f"site: {line}"
            for line in verify_site(public_dir=config.public_dir, documents=documents)
        ]
    return problems
