"""Where log records go: the command-line jobs' console output, and dbt's event stream inside dbt."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator

import pytest

from python_jobs import log_setup


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    """The package logger, restored afterwards (handlers, level, propagation)."""
    logger = logging.getLogger(log_setup.PACKAGE_LOGGER)
    saved = (list(logger.handlers), logger.level, logger.propagate)
    logger.handlers.clear()
    yield logger
    logger.handlers[:], logger.level, logger.propagate = saved


def test_cli_logging_prints_info_to_stdout_and_warnings_to_stderr(
    package_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    log_setup.configure_cli_logging()
    log_setup.configure_cli_logging()  # idempotent: one handler
    assert len(package_logger.handlers) == 1
    logging.getLogger("python_jobs.validation.runner").info("  [1/2] %s: %s rows", "seg_x", "1,000")
    logging.getLogger("python_jobs.validation.runner").warning("Data Docs index was not written")
    captured = capsys.readouterr()
    assert captured.out == "  [1/2] seg_x: 1,000 rows\n"
    assert captured.err == "warning: Data Docs index was not written\n"


def test_outside_dbt_records_are_left_to_logging(
    package_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dbt import flags

    monkeypatch.setattr(flags, "GLOBAL_FLAGS", argparse.Namespace())
    log_setup.log_to_dbt()
    assert package_logger.handlers == [] and package_logger.propagate


def test_inside_dbt_records_go_to_dbt_once(
    package_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dbt import flags
    from dbt_common.events.event_handler import DbtEventLoggingHandler

    monkeypatch.setattr(flags, "GLOBAL_FLAGS", argparse.Namespace(WHICH="build"))
    log_setup.log_to_dbt()
    log_setup.log_to_dbt()
    handlers = [h for h in package_logger.handlers if isinstance(h, DbtEventLoggingHandler)]
    assert len(handlers) == 1
    assert package_logger.level == logging.INFO and not package_logger.propagate
