"""The start page with the course catalogue, course pages, and course media."""

from flask import Blueprint

bp = Blueprint("catalog", __name__)
#: Course images, outside the language prefix: one image serves every language.
media_bp = Blueprint("media", __name__)

from app.catalog import views  # noqa: E402,F401  (routes register themselves on bp)
