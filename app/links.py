"""Absolute addresses of this site, for places without a request: e-mails, calendars, QR codes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def public_url(path: str) -> str:
    """*path* on this site as people reach it (the SITE_URL setting), e.g. for an e-mail link."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def public_host() -> str:
    """The site's host name, for identifiers that must be unique worldwide (calendar UIDs)."""
    return urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
