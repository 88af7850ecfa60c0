"""The GUI's log file receives what the "details are in the log file" line promises."""

from __future__ import annotations

import logging
from pathlib import Path

from station.services import InvalidInput
from ui.app import setup_logging
from ui.worker import error_text


def test_an_internal_error_shown_to_the_user_is_in_the_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    log = setup_logging(tmp_path / "logs")
    assert log is not None
    try:
        try:
            raise RuntimeError("the stored hash is damaged")
        except RuntimeError as err:
            line = error_text(err)
        assert line == "Internal error (RuntimeError); details are in the log file."
        # A user's mistake is shown as it is, and is not an entry in the log.
        assert error_text(InvalidInput(["give a reason"])) == "give a reason"
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                handler.close()
                root.removeHandler(handler)
    text = log.read_text(encoding="utf-8")
    assert "internal error in a service call" in text
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the stored hash is damaged" in text
    assert "give a reason" not in text
