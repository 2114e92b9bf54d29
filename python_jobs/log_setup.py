"""Where the project's log records go. Every module logs under ``python_jobs.<module>``; library code only
logs, and the two kinds of entry point decide where the records are shown:

- the command-line jobs call ``configure_cli_logging()`` in ``main``: info lines on stdout, warnings and
  errors on stderr, as plain text (the output the jobs printed before they logged);
- code run by dbt (a Python model's function) calls ``log_to_dbt()``: dbt drops other packages' records
  unless asked, so this hands them to dbt's event stream, which shows them in dbt's console output and
  writes them to ``logs/dbt.log``.
"""

from __future__ import annotations

import logging
import sys
import threading

PACKAGE_LOGGER = "python_jobs"
_dbt_lock = threading.Lock()


class _ConsoleHandler(logging.Handler):
    """Info and below to stdout, warnings and up to stderr; the stream is looked up per record, so output
    follows ``sys.stdout`` / ``sys.stderr`` when they are replaced (pytest's capture, redirections)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stream = sys.stderr if record.levelno >= logging.WARNING else sys.stdout
            stream.write(self.format(record) + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


class _PlainFormatter(logging.Formatter):
    """The message alone; warnings and errors start with their level (``warning: ...``)."""

    def format(self, record: logging.LogRecord) -> str:
        message = super().format(record)
        return f"{record.levelname.lower()}: {message}" if record.levelno >= logging.WARNING else message


def configure_cli_logging(level: int = logging.INFO) -> None:
    """Show the package's records on the console (idempotent: one handler however often it is called)."""
    package = logging.getLogger(PACKAGE_LOGGER)
    package.setLevel(level)
    if not any(isinstance(handler, _ConsoleHandler) for handler in package.handlers):
        handler = _ConsoleHandler()
        handler.setFormatter(_PlainFormatter())
        package.addHandler(handler)


def log_to_dbt() -> None:
    """Inside a dbt invocation, send the package's records (info and up) to dbt's event stream. Once per
    process; nothing happens outside dbt (tests, the command-line jobs), where logging stays as it is."""
    try:
        from dbt.adapters.events.logging import AdapterLogger
        from dbt.flags import get_flags
        from dbt_common.events.event_handler import DbtEventLoggingHandler
    except ImportError:
        return
    if getattr(get_flags(), "WHICH", None) is None:
        return
    with _dbt_lock:
        package = logging.getLogger(PACKAGE_LOGGER)
        if not any(isinstance(handler, DbtEventLoggingHandler) for handler in package.handlers):
            AdapterLogger.set_adapter_dependency_log_level(PACKAGE_LOGGER, "INFO")
