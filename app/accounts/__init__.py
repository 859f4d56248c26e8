"""Sign-up, sign-in, sign-out and the profile."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from app.accounts import views  # noqa: E402,F401  (routes register themselves on bp)
