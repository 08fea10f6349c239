"""Command line: python -m etl fetch [SOURCE...] | build [--force] | check | rollback.

Every failure ends with one line on stderr (`error: ...`) and exit status 1, never a traceback for
bad input, a busy or unwritable target, a full disk or a broken registry.
"""

from __future__ import annotations

import argparse
import sys
import time

from etl import config
from etl.errors import AtlasError


def _fetch(args: argparse.Namespace) -> int:
    from etl.fetch import fetch_all
    from etl.registry import select

    sources = select(args.sources)
    files = [raw for source in sources for raw in source.files]
    mirror = config.mirror_dir()
    started = time.perf_counter()
    results, failures = fetch_all(files, config.RAW_DIR, mirror)
    counts: dict[str, int] = {}
    for result in results:
        kind = result.how if result.how in ("present", "mirror") else "downloaded"
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    where = f"mirror {mirror}" if mirror else "no mirror"
    print(
        f"fetch: {len(results)}/{len(files)} files ready in {config.RAW_DIR} ({summary or 'none'}; {where}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if failures else 0


def _build(args: argparse.Namespace) -> int:
    from etl.freshness import nothing_to_do, unchanged_build
    from etl.publish import tidy

    if not args.force:
        for note in tidy(config.PROCESSED_DIR):  # leftovers of a killed build, when no build runs
            print(note)
    current = None if args.force else unchanged_build(config.RAW_DIR, config.PROCESSED_DIR)
    if current is not None:  # answered without loading the steps
        print(nothing_to_do(current, config.PROCESSED_DIR))
        return 0
    from etl.build import build

    result = build(config.RAW_DIR, config.PROCESSED_DIR, force=args.force)
    print(result.message)
    return 0


def _check(args: argparse.Namespace) -> int:
    from etl.check import check
    from etl.publish import status

    for line in check(config.PROCESSED_DIR):
        print(line)
    print(status(config.PROCESSED_DIR))
    print(f"check: {config.PROCESSED_DIR} is complete and valid")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from etl.publish import rollback

    print(rollback(config.PROCESSED_DIR))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Atlas 4.h data pipeline")
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="get raw files into data/raw (mirror, else download), verified")
    fetch.add_argument("sources", nargs="*", help="source ids from etl/sources.toml (default: all)")
    fetch.set_defaults(func=_fetch)
    build = commands.add_parser("build", help="build data/processed from data/raw when inputs or code changed")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    build.set_defaults(func=_build)
    check = commands.add_parser("check", help="verify data/processed against its manifest and schemas")
    check.set_defaults(func=_check)
    rollback = commands.add_parser("rollback", help="point data/processed back at the previous published build")
    rollback.set_defaults(func=_rollback)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (AtlasError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
        return _fail(message)
    except OSError as error:  # a file system problem no step anticipated: the path and the reason
        from etl.errors import os_reason

        return _fail(f"{error.filename or 'file system'}: {os_reason(error)}")


def _fail(message: object) -> int:
    print(f"error: {' '.join(str(message).splitlines())}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
