"""Fake servers on loopback for the services we cannot reach here: SMTP and GOV.UK Notify.

They speak the real protocols to our real senders; nothing of ours is patched.
"""

import json
import socketserver
import threading
import uuid
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's smtplib client: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        mailbox: Mailbox = self.server.mailbox  # type: ignore[attr-defined]
        sender, recipients = "", []
        self.reply("220 fake-smtp ready")
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake-smtp")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                mailbox.messages.append(message_from_bytes(data))
                mailbox.envelopes.append((sender, recipients))
                self.reply("250 OK: queued")
            elif verb == "RSET":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.mailbox = Mailbox()
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


@dataclass
class NotifyRecord:
    kind: str  # "email" or "sms"
    body: dict
    service_id: str


class _NotifyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        server: FakeNotifyServer = self.server  # type: ignore[assignment]
        kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(self.path)
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, server.secret, algorithms=["HS256"])
        except jwt.PyJWTError:
            return self._answer(
                403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]}
            )
        if kind is None:
            return self._answer(404, {"errors": [{"error": "NotFound", "message": "Not found"}]})
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if server.fail_with or server.fail_next > 0:
            server.fail_next -= 1
            status, message = server.fail_with or (500, "Internal server error")
            return self._answer(
                status, {"errors": [{"error": "BadRequestError", "message": message}]}
            )
        server.records.append(NotifyRecord(kind=kind, body=body, service_id=claims["iss"]))
        self._answer(201, {"id": str(uuid.uuid4()), "reference": None, "content": {}})

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps({"status_code": status, **payload}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeNotifyServer(ThreadingHTTPServer):
    """Checks the JWT our client signs with the key's secret, and records what it was sent."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _NotifyHandler)
        self.service_id, self.secret = str(uuid.uuid4()), str(uuid.uuid4())
        self.api_key = f"commonweal_test-{self.service_id}-{self.secret}"
        self.records: list[NotifyRecord] = []
        self.fail_with: tuple[int, str] | None = None  # every request fails while set
        self.fail_next = 0  # or only this many more (500 unless fail_with says otherwise)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()
