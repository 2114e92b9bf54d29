"""Write demo raw data for one source: ``python -m python_jobs.generate <source> [options]``.

Run ``python -m python_jobs.generate <source> --help`` for a source's own options.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from python_jobs.log_setup import configure_cli_logging
from python_jobs.paths import raw_data_dir
from python_jobs.sources import SOURCES, get_source


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    configure_cli_logging()
    names = [spec.name for spec in SOURCES]
    head = argparse.ArgumentParser(
        prog="python -m python_jobs.generate",
        description="Generate deterministic demo raw data for one source.",
        add_help=False,
    )
    head.add_argument("source", nargs="?", choices=names)
    known, rest = head.parse_known_args(argv)
    if known.source is None:
        head.print_help()
        print(f"\nsources: {', '.join(names)}")
        return 0 if any(flag in rest for flag in ("-h", "--help")) else 2

    spec = get_source(known.source)
    module = importlib.import_module(spec.module)
    parser = argparse.ArgumentParser(
        prog=f"python -m python_jobs.generate {spec.name}",
        description=(module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else None,
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"output folder (default: $RAW_DATA_DIR/{spec.name}, i.e. {raw_data_dir() / spec.name})",
    )
    module.add_arguments(parser)
    args = parser.parse_args(rest)
    out_dir = args.out if args.out is not None else raw_data_dir() / spec.name
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    written = module.generate(args, out_dir)
    elapsed = time.perf_counter() - started
    for path in written:
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"{spec.name}: generated {len(written)} file(s) in {elapsed:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
