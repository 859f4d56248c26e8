"""In-person seminars: the public schedule, registration and waitlists, calendars, e-mails,
and the trainers' pages."""

from flask import Blueprint

bp = Blueprint("seminars", __name__)
#: Trainers' pages (role trainer, their city; admins everywhere).
trainer_bp = Blueprint("trainer", __name__)
#: Calendar feeds, outside the language prefix: calendar programs subscribe to one address.
feeds_bp = Blueprint("feeds", __name__)

from app.seminars import trainer_views, views  # noqa: E402,F401  (routes register themselves)
