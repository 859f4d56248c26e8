"""Open data: the cities publish their course and seminar offer, and anonymous statistics.

Nothing personal is ever in here: see docs/open-data.md and the OpenAPI description openapi.yaml.
"""

from flask import Blueprint

bp = Blueprint("api", __name__)

from app.api import views  # noqa: E402,F401  (routes register themselves on bp)
