"""Logging set-up: one line per event, control characters escaped, secrets in paths redacted.

Anything a request supplies (a path, a header, a form value) can carry CR/LF or other control
characters; written raw, "x\\n2026-12-02 06:00:00 login ok" would forge a second log line. The
formatter here escapes every control character of the finished line (message, arguments and
any traceback), so one event is always one line. Resume tokens in paths are secrets and are
replaced before the line is written. Log calls themselves pass only routes, ids and error
class names, never client answers.
"""

from __future__ import annotations

import logging
import re
import sys

from flask import Flask

# The loggers the portal writes to: its own ("portal", "portal.*") and the development server's
# access log. Library loggers propagate to the root logger, which the host process configures.
LOGGER_NAMES = ("portal", "werkzeug")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
COLOUR_CODES = re.compile(r"\x1b\[[0-9;]*m")  # the development server colours its access lines
RESUME_TOKEN = re.compile(r"(/intake/resume/)[^\s\"'?#]+")


def escape_control(text: str) -> str:
    """Write CR, LF, tabs and other control characters as visible escapes (\\n, \\x1b)."""

    def visible(match: re.Match) -> str:
        char = match.group()
        return NAMED_ESCAPES.get(char) or (
            f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        )

    return CONTROL_CHARS.sub(visible, text)


def redact(text: str) -> str:
    """Hide resume tokens: a logged link would let anyone who reads the log open the draft."""
    return RESUME_TOKEN.sub(r"\1[redacted]", text)


class OneLineFormatter(logging.Formatter):
    """Format as usual, then redact secrets and escape control characters: one event, one line."""

    def format(self, record: logging.LogRecord) -> str:
        """The whole line, traceback included, with no raw newline left in it."""
        if _is_server_notice(record):
            return "\n".join(self._one_line(record, line) for line in record.msg.splitlines())
        return escape_control(redact(COLOUR_CODES.sub("", super().format(record))))

    def _one_line(self, record: logging.LogRecord, text: str) -> str:
        """One line of a server notice, with its own time, level and logger name."""
        copy = logging.makeLogRecord({**record.__dict__, "msg": text, "args": ()})
        return escape_control(COLOUR_CODES.sub("", super().format(copy)))


def _is_server_notice(record: logging.LogRecord) -> bool:
    """The development server's own start-up text ("Running on …"), not a request line.

    Werkzeug passes every request's values as arguments; a notice has none and is the
    server's constant text, so its lines may stay lines (escaped, each with its prefix).
    """
    if record.name != "werkzeug" or record.args or not isinstance(record.msg, str):
        return False
    return " - - [" not in record.msg  # a request line always starts with its address


class _CurrentStderr:
    """Write to whatever sys.stderr is at the moment (test runners and servers replace it)."""

    def write(self, text: str) -> int:
        """Pass the text on to the current standard error."""
        return sys.stderr.write(text)

    def flush(self) -> None:
        """Flush the current standard error."""
        sys.stderr.flush()


class PortalHandler(logging.StreamHandler):
    """The portal's one handler; marked so a second create_app replaces it, never doubles it."""


def init_app(app: Flask) -> None:
    """Send portal and access-log records through one escaping handler at the configured level."""
    level = logging.getLevelNamesMapping().get(str(app.config["LOG_LEVEL"]).upper())
    if level is None:
        raise ValueError(
            f"LOG_LEVEL {app.config['LOG_LEVEL']!r} is not a logging level "
            "(use DEBUG, INFO, WARNING or ERROR)."
        )
    handler = PortalHandler(_CurrentStderr())
    handler.setFormatter(OneLineFormatter(FORMAT))
    for name in LOGGER_NAMES:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, PortalHandler)]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.setLevel(level)


def portal_handler() -> PortalHandler | None:
    """The handler installed by init_app (tests point its stream at a buffer)."""
    found = [h for h in logging.getLogger("portal").handlers if isinstance(h, PortalHandler)]
    return found[-1] if found else None
