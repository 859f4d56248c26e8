"""The three cities: choosing one's city, the city pages, and `city:` links resolved for it."""

from flask import Blueprint

bp = Blueprint("cities", __name__)

from app.cities import services, views  # noqa: E402,F401  (routes register themselves on bp)

# The short "which city?" question is part of several pages' templates.
bp.add_app_template_global(services.city_question_answered)
bp.add_app_template_global(services.all_cities)
bp.add_app_template_global(services.current_city)
