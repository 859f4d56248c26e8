"""Reports for city staff: what the programme achieved, by month, as tables, charts and CSV."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from app.reports import views  # noqa: E402,F401  (routes register themselves on bp)
