"""Headers every response carries: what the browser may load and run, and who may frame us.

The pages need nothing from other sites and no inline script (the one inline block is JSON-LD data,
which browsers never execute), so the policy is strict. Responses that set their own policy (course
images, e.g. SVG) keep it.
"""

from __future__ import annotations

from flask import Flask, Response, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
#: Browsers remember for a year that this site is only reached over HTTPS (not in development).
HSTS = "max-age=31536000; includeSubDomains"


ALWAYS = [
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]


def _secure_headers(response: Response, always: list[tuple[str, str]]) -> Response:
    headers = response.headers
    if "_user_id" in session and "Cache-Control" not in headers:
        # A signed-in person's pages are theirs alone (progress, rosters, their data): neither
        # the browser's history nor a proxy may keep them after they leave or sign out.
        headers["Cache-Control"] = "no-store"
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Nothing else sets these: added without a search (this runs on every response).
    headers.extend(always)
    return response


def init_app(app: Flask) -> None:
    always = list(ALWAYS)
    if app.config["ENV_NAME"] != "development":
        always.append(("Strict-Transport-Security", HSTS))
    app.after_request(lambda response: _secure_headers(response, always))
