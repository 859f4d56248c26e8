"""The admins' page of staff roles: city admins appoint their trainers, global admins everyone."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts import password_help, staff
from app.accounts.access import role_required
from app.accounts.cards import login_card_page
from app.accounts.forms import LoginCardForm, StaffForm
from app.accounts.roles import is_global_admin
from app.accounts.services import START_CODE_VALID_FOR
from app.cities.context import all_cities
from app.edge import whole_number
from app.extensions import db
from app.form_errors import add_error
from app.labels import ROLE_LABELS
from app.models import Role
from app.pagination import requested_page

#: /<lang>/admin/staff: who is a trainer, translator or admin, and for which city.
staff_bp = Blueprint("staff", __name__)


def _form() -> StaffForm:
    form = StaffForm()
    form.role.choices = [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in staff.roles_to_give(current_user)
    ]
    if is_global_admin(current_user):
        form.city.choices = [SelectChoice("", _("All cities"))] + [
            SelectChoice(str(city.id), city.name) for city in all_cities()
        ]
    else:
        del form.city
    return form


@staff_bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def index():
    """Who works on Lernlotse for which city, and a form to appoint someone."""
    form = _form()
    if form.validate_on_submit():
        city_id = whole_number(form.city.data) if "city" in form else None
        try:
            person = staff.appoint(current_user, form.username.data, Role(form.role.data), city_id)
        except staff.StaffError as error:
            db.session.rollback()
            add_error(form, str(error.message), error.field)
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is now: %(role)s.",
                    name=person.username,
                    role=ROLE_LABELS[person.role],
                ),
                "success",
            )
            return redirect(url_for("staff.index"))
    people = staff.staff_in_scope(current_user)
    return render_template(
        "accounts/staff.html",
        form=form,
        people=people,
        changeable={p.id for p in people if staff.may_change(current_user, p)},
        role_labels=ROLE_LABELS,
    )


@staff_bp.post("/<int:user_id>/dismiss")
@role_required(Role.ADMIN)
def dismiss(user_id: int):
    """Take a staff role away (the account stays, as a learner's)."""
    person = staff.person(user_id)
    if person is None:
        abort(404)
    if not staff.may_change(current_user, person):
        abort(403)
    try:
        staff.dismiss(current_user, person)
    except staff.StaffError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s is no longer staff.", name=person.username), "success")
    return redirect(url_for("staff.index"))


@staff_bp.route("/login-card", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def login_card():
    """A learner without e-mail forgot their password (and is not in a seminar whose trainer could
    help): print a login card with a new start code. Their old password works until they use it."""
    form = LoginCardForm()
    if form.validate_on_submit():
        try:
            learner = password_help.learner_to_help(current_user, form.username.data)
            code = password_help.print_login_card(current_user, learner)
        except password_help.NotAllowed as error:
            db.session.rollback()
            add_error(form, str(error.message), "username")
        else:
            db.session.commit()
            return login_card_page(learner, code, url_for("staff.login_card"))
    return render_template(
        "accounts/login_card_request.html", form=form, valid_days=START_CODE_VALID_FOR.days
    )


#: Rows of the password-help record a page shows.
LOG_PER_PAGE = 25


@staff_bp.get("/password-help")
@role_required(Role.ADMIN)
def password_help_log():
    """Every login card staff printed for an existing account: who, for whom, when, from where."""
    page = password_help.log_page(current_user, requested_page(), LOG_PER_PAGE)
    return render_template("accounts/password_help_log.html", page=page, role_labels=ROLE_LABELS)
