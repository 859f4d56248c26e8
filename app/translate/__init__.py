"""Translators' pages: what is translated, what is outdated, and what changed in the source."""

from flask import Blueprint

bp = Blueprint("translate", __name__)

from app.translate import views  # noqa: E402,F401  (routes register themselves on bp)
