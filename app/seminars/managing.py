"""Which seminars the signed-in trainer may manage, for the trainers' views (404 and 403 here)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.accounts.roles import can_manage_city, is_global_admin
from app.form_errors import add_error
from app.models import Registration, Seminar
from app.seminars import services


def show_error(form, error: services.SeminarError) -> None:
    """Put a rule's message next to the field it is about (or at the top of the form)."""
    add_error(form, str(error.message), error.field)


def managed_registration(seminar_id: int, registration_id: int) -> Registration:
    """A registration of a seminar the trainer manages; 404 if it belongs to another seminar."""
    managed_seminar(seminar_id)
    registration = services.get_registration(registration_id)
    if registration is None or registration.seminar_id != seminar_id:
        abort(404)
    return registration


def managed_seminar(seminar_id: int) -> Seminar:
    """The seminar, if the signed-in trainer may manage it (403 otherwise, 404 if missing)."""
    seminar = services.get_seminar(seminar_id)
    if seminar is None:
        abort(404)
    if not can_manage_city(current_user, seminar.city_id):
        abort(403)
    return seminar


def own_city() -> tuple[int | None, bool]:
    """The city whose seminars the user manages (None: every city, for global admins), and whether
    they manage any (a trainer not linked to a city yet does not)."""
    if is_global_admin(current_user):
        return None, True
    return current_user.city_id, current_user.city_id is not None
