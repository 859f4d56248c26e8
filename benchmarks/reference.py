"""The app the benchmarks serve: the real one (wsgi.py's create_app) plus two routes. One returns
a static 30 KB page, so that the reference row passes through the same middleware, hooks, session
and headers as every page, and shows the limit a page can reach here. The other puts the same
text into the site's frame (base.html) for whoever is signed in: the least any page rendered per
person costs with this stack (the sign-in check, the session, Jinja and the header's menu,
language links and translated strings), before the page asks anything of its own."""

from __future__ import annotations

from flask import Blueprint, render_template

from app import create_app
from benchmarks.pages import FRAME, REFERENCE, REFERENCE_BYTES

_LINE = "<p>Lernlotse: Kurse zu den Online-Diensten der Städte, in neun Sprachen.</p>\n"
PAGE = (
    '<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>Referenz</title></head>'
    "<body><main>\n" + _LINE * (REFERENCE_BYTES // len(_LINE.encode())) + "</main></body></html>\n"
)

FRAME_TEMPLATE = (
    '{% extends "base.html" %}{% block title %}Referenz{% endblock %}'
    "{% block content %}<h1>Referenz</h1>"
    + _LINE * (REFERENCE_BYTES // len(_LINE.encode()))
    + "{% endblock %}"
)

app = create_app()
frame_bp = Blueprint("benchmark_frame", __name__)
#: Compiled once, as Flask keeps the templates of app/templates.
frame_template = app.jinja_env.from_string(FRAME_TEMPLATE)


@app.get(REFERENCE)
def reference() -> str:
    return PAGE


@frame_bp.get(FRAME.removeprefix("/de"))
def frame() -> str:
    return render_template(frame_template)


app.register_blueprint(frame_bp, url_prefix="/<lang>")
