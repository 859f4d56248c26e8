"""Sign-up, sign-in, sign-out and the profile; and the admins' page of staff roles."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
#: /<lang>/admin/staff: who is a trainer, translator or admin, and for which city.
staff_bp = Blueprint("staff", __name__)

from app.accounts import staff_views, views  # noqa: E402,F401  (routes register themselves)
