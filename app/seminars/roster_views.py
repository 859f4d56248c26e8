"""A trainer's pages for one seminar: the roster, attendance, phone registrations, the CSV list,
the printable sign-in sheet and new login cards."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import password_help
from app.accounts.access import role_required
from app.accounts.cards import login_card_page
from app.accounts.password_help import refusal
from app.csv_export import csv_response
from app.extensions import db
from app.links import public_url
from app.models import Attendance, Role, utcnow
from app.qr import qr_svg
from app.seminars import services
from app.seminars.forms import GuestForm
from app.seminars.managing import managed_registration, managed_seminar, show_error

#: One seminar's roster and what a trainer does with it (role trainer, their city; admins
#: everywhere). Mounted under the trainers' prefix.
bp = Blueprint("roster", __name__)

TRAINER = Role.TRAINER


@bp.get("/seminars/<int:seminar_id>/")
@role_required(TRAINER)
def roster(seminar_id: int):
    """Who is coming: seats and waitlist in order, attendance, guests."""
    seminar = managed_seminar(seminar_id)
    registrations = services.roster(seminar)
    # Who may get a new login card from here (learners without e-mail of this city's seminar).
    helpable = {
        r.id
        for r in registrations
        if r.user is not None and refusal(current_user, r.user, registered_here=True) is None
    }
    return render_template(
        "trainer/roster.html",
        seminar=seminar,
        registrations=registrations,
        helpable=helpable,
        row=services.rows_for([seminar])[0],
        started=utcnow() >= seminar.starts_at,
    )


@bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/attendance")
@role_required(TRAINER)
def attendance(seminar_id: int, registration_id: int):
    """Mark one participant as attended, no-show, or not marked."""
    registration = managed_registration(seminar_id, registration_id)
    value = request.form.get("attendance", "")
    mark = next((choice for choice in Attendance if choice.value == value), None)
    try:
        services.set_attendance(current_user, registration.id, mark)
    except services.SeminarError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
    return redirect(
        url_for("roster.roster", seminar_id=seminar_id, _anchor=f"registration-{registration_id}")
    )


@bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/cancel")
@role_required(TRAINER)
def cancel_registration(seminar_id: int, registration_id: int):
    """Cancel someone's place (for people who phone to say they cannot come)."""
    registration = managed_registration(seminar_id, registration_id)
    promoted = services.cancel_registration(registration.id)
    db.session.commit()
    flash(_("The place of %(name)s is cancelled.", name=registration.name), "success")
    for person in promoted:
        if person.user is None or not person.user.email:
            flash(
                _(
                    "%(name)s has moved up from the waitlist: please phone to tell them (%(phone)s).",
                    name=person.name,
                    phone=person.guest_phone or "–",
                ),
                "info",
            )
        else:
            flash(
                _("%(name)s has moved up from the waitlist and gets an e-mail.", name=person.name),
                "info",
            )
    return redirect(url_for("roster.roster", seminar_id=seminar_id))


@bp.route("/seminars/<int:seminar_id>/guests/new", methods=["GET", "POST"])
@role_required(TRAINER)
def new_guest(seminar_id: int):
    """Register someone who phoned, with a name and a phone number only."""
    seminar = managed_seminar(seminar_id)
    form = GuestForm()
    if form.validate_on_submit():
        try:
            registration = services.register(
                seminar.id, guest_name=form.name.data, guest_phone=form.phone.data
            )
        except services.SeminarError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(name)s has a seat.", name=registration.name)
                if registration.has_seat
                else _("The seminar is full: %(name)s is on the waitlist.", name=registration.name),
                "success",
            )
            return redirect(url_for("roster.roster", seminar_id=seminar.id))
    return render_template("trainer/guest_form.html", form=form, seminar=seminar)


@bp.get("/seminars/<int:seminar_id>/roster.csv")
@role_required(TRAINER)
def roster_csv(seminar_id: int):
    """The roster as CSV that Excel and LibreOffice open with umlauts intact (UTF-8 with BOM, ;)."""
    seminar = managed_seminar(seminar_id)
    attendance_names = {Attendance.ATTENDED: _("attended"), Attendance.NO_SHOW: _("no-show")}
    rows = [
        [
            line.number,
            line.name,
            # Kept as text: a spreadsheet would drop the leading 0 or read "+49" as a formula.
            f"'{line.phone}" if line.phone else "",
            line.email,
            _("seat") if line.has_seat else _("waitlist"),
            attendance_names.get(line.attendance, "") if line.attendance else "",
        ]
        for line in services.roster_lines(seminar)
    ]
    header = [_("No."), _("Name"), _("Phone"), _("E-mail"), _("Status"), _("Attendance")]
    return csv_response(header, rows, f"seminar-{seminar.id}.csv")


@bp.get("/seminars/<int:seminar_id>/sign-in-sheet")
@role_required(TRAINER)
def sign_in_sheet(seminar_id: int):
    """A printable A4 sign-in sheet with a QR code that opens the linked online course."""
    seminar = managed_seminar(seminar_id)
    registrations = [r for r in services.roster(seminar) if r.has_seat]
    course_url = None
    if seminar.course is not None:
        course_url = public_url(f"/{seminar.language}/courses/{seminar.course.slug}/")
    return render_template(
        "trainer/sign_in_sheet.html",
        seminar=seminar,
        registrations=registrations,
        course_url=course_url,
        qr=qr_svg(course_url) if course_url else None,
    )


@bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/login-card")
@role_required(TRAINER)
def new_login_card(seminar_id: int, registration_id: int):
    """A participant forgot their password and has no e-mail: print a card with a new start code.
    Recorded for the city admins, and shown to the learner at their next sign-in."""
    registration = managed_registration(seminar_id, registration_id)
    back = url_for("roster.roster", seminar_id=seminar_id)
    if registration.user is None:
        abort(404)
    try:
        code = password_help.print_login_card(current_user, registration.user, registration)
    except password_help.NotAllowed as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(back)
    db.session.commit()
    return login_card_page(registration.user, code, back)
