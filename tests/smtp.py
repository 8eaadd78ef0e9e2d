"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd, collecting what it accepts.

    with LocalSMTPServer() as server:
        ...  # point Django (settings or EMAIL_URL) at server.port
        assert server.recipients() == [...]

`server.refuse_next(1)` answers the next DATA with "451" (a temporary failure, as a busy mail
server would), so the sender has to retry; `server.refuse_next(1, after=1)` accepts one message
first. `server.delay` slows each accepted message down, to
make two senders overlap.
"""

import asyncio
import email
import email.policy
import logging
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import override_settings

# aiosmtpd logs every SMTP command at INFO; the tests read the messages, not the conversation.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _CollectingHandler:
    def __init__(self, server: "LocalSMTPServer"):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        with self.server._lock:
            self.server.attempts += 1
            if self.server._accept_first > 0:
                self.server._accept_first -= 1
            elif self.server._refuse > 0:
                self.server._refuse -= 1
                return "451 4.3.0 Tijdelijk niet beschikbaar, probeer het later"
        if self.server.delay:
            await asyncio.sleep(self.server.delay)
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.server._lock:
            self.server.messages.append(message)
        return "250 Message accepted for delivery"


class LocalSMTPServer:
    def __init__(self, *, delay: float = 0.0):
        self.port = free_port()
        self.delay = delay
        self.messages: list[EmailMessage] = []
        self.attempts = 0
        self._refuse = 0
        self._accept_first = 0
        self._lock = threading.Lock()
        self._controller = Controller(_CollectingHandler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        """For EMAIL_URL (django-environ): plain SMTP, no TLS, no login."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> "LocalSMTPServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "LocalSMTPServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def refuse_next(self, count: int = 1, *, after: int = 0) -> None:
        """Answer "451" to `count` messages, after accepting `after` more first."""
        with self._lock:
            self._refuse = count
            self._accept_first = after

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.attempts = 0
            self._refuse = 0
            self._accept_first = 0

    def recipients(self) -> list[str]:
        """Every recipient of every accepted message, sorted: one entry per e-mail received."""
        with self._lock:
            return sorted(
                address.addr_spec for message in self.messages for address in message["To"].addresses
            )

    def settings(self):
        """override_settings that send this process's e-mail here over real SMTP."""
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=self.port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        )
