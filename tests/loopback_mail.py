"""A loopback SMTP inbox for the tests that read the emails the portal really sends."""

from __future__ import annotations

import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        """Store the raw message text."""
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def mail_to(app):
    """A real SMTP server on 127.0.0.1 that the app sends through while the block runs."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield inbox
    finally:
        app.config.pop("SMTP_URL", None)
        controller.stop()
