"""The pages the law asks for: the accessibility statement, the Leichte Sprache and sign language pages,
"report a barrier" from every page (and the admins' list of reports), and the privacy notice."""

from flask import Blueprint

bp = Blueprint("accessibility", __name__)
#: Video, captions and poster of the sign language page, outside the language prefix.
site_media_bp = Blueprint("site_media", __name__)

from app.accessibility import views  # noqa: E402,F401  (routes register themselves on bp)
