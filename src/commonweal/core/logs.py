"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

No Django imports: gunicorn's master process uses the formatter before Django is set up.
Personal data must never reach a log; as a last guard the formatter also replaces anything
shaped like an e-mail address or a UK telephone number in messages and tracebacks.
"""

import contextvars
import json
import logging
import re
import secrets
import time

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# What a client may send as X-Request-ID: a proxy's or load balancer's id (UUIDs, hex,
# Heroku's and AWS's forms), never free text that could carry anything else into logs.
_WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w.])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?![\w.])")
# Fields a record may carry besides the standard ones (from `extra=`): nothing else is
# written, so an object such as Django's request (which holds the posted form) never is.
EXTRA_FIELDS = ("method", "route", "status", "duration_ms", "task", "task_id", "pid")


def new_request_id() -> str:
    return secrets.token_hex(16)


def accepted_request_id(header: str | None) -> str:
    """The incoming X-Request-ID when well formed, otherwise a new one."""
    if header and _WELL_FORMED.fullmatch(header):
        return header
    return new_request_id()


def redact(text: str) -> str:
    """Replace e-mail addresses and UK telephone numbers (a guard; code must not log them)."""
    return _PHONE.sub("[phone removed]", _EMAIL.sub("[email removed]", text))


class RequestIdFilter(logging.Filter):
    """Gives every record the current request's id ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx or 5xx response after the middleware has finished, with the
            # request attached to the record.
            request = getattr(record, "request", None)
            record.request_id = request_id.get() or getattr(request, "request_id", "")
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id and the known extra fields, as one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": _utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
        }
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str | int | float | bool):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The text form for a developer's console: the same facts, e-mail and phones removed."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return redact(super().format(record))


def _utc(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


def logging_config(*, form: str, level: str) -> dict:
    """The dictConfig for `form` ("json" or "text"), used by settings and by gunicorn."""
    formatter = (
        "commonweal.core.logs.JsonFormatter"
        if form == "json"
        else ("commonweal.core.logs.TextFormatter")
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "commonweal.core.logs.RequestIdFilter"}},
        "formatters": {"main": {"()": formatter}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # The in-process task backend logs every task twice at INFO; warnings are enough.
            "django_tasks": {"level": "WARNING"},
            # Each request is logged once, by commonweal.request, with its route and id.
            "django.server": {"level": "WARNING"},
            # gunicorn's own loggers write through the root handler, once.
            "gunicorn.error": {"handlers": [], "propagate": True},
        },
    }
