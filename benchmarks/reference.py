"""The app the benchmarks serve: the real one (wsgi.py's create_app) plus one route that returns a
static 30 KB page, so that the reference row passes through the same middleware, hooks, session
and headers as every page, and shows the limit a page can reach here."""

from __future__ import annotations

from app import create_app
from benchmarks.pages import REFERENCE, REFERENCE_BYTES

_LINE = "<p>Lernlotse: Kurse zu den Online-Diensten der Städte, in neun Sprachen.</p>\n"
PAGE = (
    '<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>Referenz</title></head>'
    "<body><main>\n" + _LINE * (REFERENCE_BYTES // len(_LINE.encode())) + "</main></body></html>\n"
)

app = create_app()


@app.get(REFERENCE)
def reference() -> str:
    return PAGE
