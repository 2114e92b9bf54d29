"""Run a benchmark: ``python -m python_jobs.benchmark <name> [options]`` (``--help`` per benchmark)."""

from __future__ import annotations

import sys

BENCHMARKS = ("ad_logs",)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in BENCHMARKS:
        print(__doc__)
        print(f"benchmarks: {', '.join(BENCHMARKS)}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    from python_jobs.benchmark import ad_logs

    return ad_logs.main(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
