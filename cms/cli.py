"""The `jinzhi` console script: demo, import, publish, search, serve, check, worker.

Imports are lazy so `jinzhi --help` and `jinzhi search` stay fast. Every failure a user
can cause ends in one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


class CliError(Exception):
    """A failure to report in one line (exit status 1)."""


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def _console():
    from rich.console import Console

    return Console(stderr=True)


def cmd_import(args) -> int:
    path = Path(args.path)
    if not path.exists():
        raise CliError(f"{path}: no such file or folder")
    _django()
    from cms.importing import run_import
    from cms.instance import prepare_instance

    prepare_instance(quiet=True)
    try:
        report = run_import(
            path,
            type=args.type,
            dry_run=args.dry_run,
            atomic=args.atomic,
            title=args.title,
            console=_console(),
        )
    except ValueError as exc:  # no usable file or type: one line, not a traceback
        raise CliError(str(exc)) from exc
    print(report.summary())
    # Partial imports succeed (bad rows are listed); a check or an all-or-nothing run fails.
    strict = args.dry_run or args.atomic
    return 1 if report.errors and (strict or not report.published_ids) else 0


def cmd_publish(args) -> int:
    _django()
    from cms.instance import prepare_instance
    from cms.publishing import publish_all

    prepare_instance(quiet=True)
    report = publish_all(full=args.full)
    print(report.summary())
    return 0


def cmd_search(args) -> int:
    from cms.config import get_config
    from search import QueryError, SearchQuery, get_backend

    params = {"q": args.query, "page": str(args.page)}
    if args.type:
        params["type"] = args.type
    try:
        query = SearchQuery.from_params(params)
    except QueryError as exc:
        raise CliError(str(exc)) from exc
    results = get_backend(get_config().search_backend).search(query).to_dict()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    print(f"{results['total']} 条结果")
    for n, hit in enumerate(results["hits"], start=(results["page"] - 1) * results["per_page"] + 1):
        snippet = hit["snippet"].replace("<mark>", "[").replace("</mark>", "]")
        print(f"{n:>3}. [{hit['type_label']}] {hit['title']}  {hit['date'][:10]}")
        print(f"     {hit['url']}")
        if snippet:
            print(f"     {snippet}")
    return 0


def cmd_check(args) -> int:
    _django()
    from cms.consistency import check_consistency

    problems = check_consistency()
    for line in problems:
        print(line)
    if problems:
        print(f"check failed: {len(problems)} differences", file=sys.stderr)
        return 1
    print("ok: site, search index and feeds hold exactly the live, public pages")
    return 0


def cmd_worker(args) -> int:
    _django()
    from django.core.management import call_command

    from cms.scheduler import Scheduler

    scheduler = None
    if args.schedule_interval > 0:
        # Scheduled go-live/expiry and the daily refresh run inside the worker: no cron.
        scheduler = Scheduler(interval=args.schedule_interval)
        scheduler.start()
    try:
        _run_tasks_until_stopped(call_command, args.interval)
    finally:
        if scheduler is not None:
            scheduler.stop()
    return 0


LOCKED_RETRY_SECONDS = 5


def _run_tasks_until_stopped(call_command, interval: float) -> None:
    """The task loop, started again after the database was busy: a long import holds SQLite's
    write lock past its timeout, and a worker that stopped there would leave every queued
    publish waiting while the server looks healthy."""
    import time

    from django.db import OperationalError, close_old_connections

    while True:
        try:
            # No autoreloader (its default under DEBUG): it would run this command again in a
            # child process, and with it a second scheduler.
            call_command("db_worker", interval=interval, startup_delay=False, reload=False)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            print(f"jinzhi worker: database busy ({exc}); retrying", file=sys.stderr)
            close_old_connections()
            time.sleep(LOCKED_RETRY_SECONDS)


def _site_url_for(args) -> None:
    """Feeds and API links name the address actually served unless JINZHI_SITE_URL says
    otherwise (set before Django reads its settings; the worker inherits it)."""
    if not os.environ.get("JINZHI_SITE_URL"):
        host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
        os.environ["JINZHI_SITE_URL"] = f"http://{host}:{args.port}"


def cmd_serve(args) -> int:
    _site_url_for(args)
    _django()
    from cms.instance import prepare_instance
    from cms.server import serve

    prepare_instance(quiet=True)
    serve(host=args.host, port=args.port, worker=not args.no_worker)
    return 0


def cmd_demo(args) -> int:
    _site_url_for(args)
    _django()
    from cms.demo import setup_demo
    from cms.server import serve

    setup_demo(console=_console())
    if args.no_serve:
        return 0
    serve(host=args.host, port=args.port, worker=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jinzhi", description="金质 公共信息服务")
    sub = parser.add_subparsers(dest="command", required=True)

    def add_server_args(p):
        p.add_argument("--host", default=os.environ.get("JINZHI_BIND", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("JINZHI_PORT", "8000")))

    p = sub.add_parser("demo", help="set up everything on embedded defaults and serve")
    add_server_args(p)
    p.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="load content files as published pages")
    p.add_argument(
        "path", help="a data folder (the shared data layout) or one file (.jsonl, .csv, .xlsx)"
    )
    p.add_argument("--type", help="content type of a single file (notice, spotcheck, ...)")
    p.add_argument("--title", help="title of the announcement a spot-check sheet becomes")
    p.add_argument("--dry-run", action="store_true", help="check the files, change nothing")
    p.add_argument(
        "--atomic", action="store_true", help="import nothing if any record is bad (exit 1)"
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("publish", help="bring site, index and feeds in line with the CMS")
    p.add_argument("--full", action="store_true", help="rebuild everything from scratch")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("search", help="search the published documents")
    p.add_argument("query")
    p.add_argument("--type")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("serve", help="serve site, admin, API and search")
    add_server_args(p)
    p.add_argument("--no-worker", action="store_true", help="do not start a publishing worker")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("check", help="prove site, index and feeds hold exactly the live pages")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("worker", help="run a publishing worker")
    p.add_argument("--interval", type=float, default=0.5, help="queue polling, seconds")
    p.add_argument(
        "--schedule-interval",
        type=float,
        default=float(os.environ.get("JINZHI_SCHEDULE_INTERVAL", "30")),
        help="seconds between scheduled publishing checks; 0 turns the scheduler off "
        "(run it in one worker only)",
    )
    p.set_defaults(func=cmd_worker)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"jinzhi: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line for the user; details with JINZHI_DEBUG=1
        if os.environ.get("JINZHI_DEBUG"):
            raise
        print(f"jinzhi: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
