"""Lessons, self-checks, enrollment, progress, "My courses" and certificates."""

from flask import Blueprint

bp = Blueprint("learn", __name__)

from app.learn import views  # noqa: E402,F401  (routes register themselves on bp)
