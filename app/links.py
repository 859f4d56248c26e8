"""Addresses of this site: absolute ones for places without a request (e-mails, calendars, QR codes),
and the check that a `next=` address given by a visitor stays on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request

from app.edge import has_control_characters


def public_url(path: str) -> str:
    """*path* on this site as people reach it (the SITE_URL setting), e.g. for an e-mail link."""
    return current_app.config["SITE_URL"].rstrip("/") + "/" + path.lstrip("/")


def public_host() -> str:
    """The site's host name, for identifiers that must be unique worldwide (calendar UIDs)."""
    return urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"


def safe_next(default: str, target: str | None = None) -> str:
    """The `next` address (from the query string unless given) if it stays on this site, else *default*."""
    target = request.args.get("next", "") if target is None else target
    if has_control_characters(target) or " " in target:
        return default  # a line break would end the Location header; no address has spaces
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.scheme
        and not parts.netloc
        and "\\" not in target
    ):
        return target
    return default
