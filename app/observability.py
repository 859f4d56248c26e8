"""What operators see: structured log lines on stdout, one per request, and /healthz for the proxy.

Logs are JSON lines in production (LOG_FORMAT=json, the default outside development) so a log
collector can read them, and plain text on a developer's machine. No IP addresses, no query strings
(they may hold a `next` address or a search), no personal data.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, jsonify, request
from sqlalchemy import text

from app.extensions import db

#: The fields a request's log line carries besides the message.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "request_id")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the request fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(app: Flask) -> None:
    """Send the app's log to stdout in the configured format (tests keep pytest's capture)."""
    if app.testing:
        return
    handler = logging.StreamHandler(sys.stdout)
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("lernlotse")
    logger.handlers[:] = [handler]
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False
    app.logger.handlers[:] = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])


request_log = logging.getLogger("lernlotse.request")


def _start() -> None:
    g.request_started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = (
        incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
    )


def _log(response: Response) -> Response:
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 1) if started else None
    response.headers.setdefault("X-Request-ID", g.get("request_id", ""))
    request_log.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration,
            "request_id": g.get("request_id"),
        },
    )
    return response


def healthz():
    """For the reverse proxy and monitoring: 200 when the database answers, else 503."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # any failure means "not healthy"
        logging.getLogger("lernlotse").exception("health check: database unreachable")
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def init_app(app: Flask) -> None:
    configure_logging(app)
    app.before_request(_start)
    app.after_request(_log)
    app.add_url_rule("/healthz", "healthz", healthz)
