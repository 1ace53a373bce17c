"""Notices are tested on the documents office (a seed government through the real services),
with a real SMTP server (aiosmtpd) and a real webhook receiver (http.server) on loopback ports."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller

import deadlines_support  # noqa: F401 — wiring.install(): the notices subscriber and the deadline kinds
from documents.conftest import app, cheap_password_hashes, client, clock, make_office, settings  # noqa: F401


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """An SMTP server on loopback that keeps every message it accepts."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's hook name
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def start(self) -> "Mailbox":
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def mailbox():
    # aiosmtpd needs the port number before it binds: a port freed by free_port() can be taken
    # meanwhile (by another test worker), so a port found taken is replaced by another.
    for attempt in range(5):
        try:
            box = Mailbox(free_port()).start()
            break
        except OSError:
            if attempt == 4:
                raise
    yield box
    box.stop()


class Robot:
    """A group robot's webhook on loopback: keeps each JSON body and answers errcode 0."""

    def __init__(self):
        self.posts: list[dict] = []
        self.paths: list[str] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                robot.posts.append(json.loads(body.decode("utf-8")))
                robot.paths.append(self.path)
                answer = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot():
    found = Robot()
    yield found
    found.stop()
