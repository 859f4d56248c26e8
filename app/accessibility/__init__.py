"""Accessibility duties: "report a barrier" from every page, and the admins' list of reports."""

from flask import Blueprint

bp = Blueprint("accessibility", __name__)

from app.accessibility import views  # noqa: E402,F401  (routes register themselves on bp)
