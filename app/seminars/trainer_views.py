"""Trainers' pages: their city's seminars, venues, rosters, guests and login cards."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import role_required
from app.accounts.roles import can_manage_city, is_global_admin
from app.cities.context import all_cities
from app.content.reading import list_courses
from app.csv_export import csv_response
from app.edge import whole_number
from app.extensions import db
from app.form_errors import add_error
from app.i18n import content_languages, language_name
from app.languages import enabled_languages
from app.links import public_url
from app.models import Attendance, Registration, Role, Seminar, utcnow
from app.pagination import Page, requested_page
from app.qr import qr_svg
from app.seminars import services
from app.seminars.forms import GuestForm, SeminarForm, VenueForm

#: Trainers' pages (role trainer, their city; admins everywhere).
trainer_bp = Blueprint("trainer", __name__)

TRAINER = Role.TRAINER
#: A city has hundreds of upcoming seminars; a table row is small, so more fit a page than in the
#: public list.
TRAINER_SEMINARS_PER_PAGE = 25
#: Past seminars listed on the trainer's start page (all of the last 30 days: a page of their own).
RECENT_ON_MAIN_PAGE = 10


def show_error(form, error: services.SeminarError) -> None:
    """Put a rule's message next to the field it is about (or at the top of the form)."""
    add_error(form, str(error.message), error.field)


def _managed_registration(seminar_id: int, registration_id: int) -> Registration:
    """A registration of a seminar the trainer manages; 404 if it belongs to another seminar."""
    _managed_seminar(seminar_id)
    registration = services.get_registration(registration_id)
    if registration is None or registration.seminar_id != seminar_id:
        abort(404)
    return registration


def _managed_seminar(seminar_id: int) -> Seminar:
    """The seminar, if the signed-in trainer may manage it (403 otherwise, 404 if missing)."""
    seminar = services.get_seminar(seminar_id)
    if seminar is None:
        abort(404)
    if not can_manage_city(current_user, seminar.city_id):
        abort(403)
    return seminar


def _own_city() -> tuple[int | None, bool]:
    """The city whose seminars the user manages (None: every city, for global admins), and whether
    they manage any (a trainer not linked to a city yet does not)."""
    if is_global_admin(current_user):
        return None, True
    return current_user.city_id, current_user.city_id is not None


@trainer_bp.get("/seminars/")
@role_required(TRAINER)
def seminars():
    """The trainer's city's upcoming seminars (every city's, for global admins)."""
    city_id, allowed = _own_city()
    where = services.SeminarFilter(city_id=city_id, include_cancelled=True)
    page = (
        services.upcoming_page(where, requested_page(), TRAINER_SEMINARS_PER_PAGE)
        if allowed
        else Page.empty(TRAINER_SEMINARS_PER_PAGE)
    )
    # The latest few past seminars, for marking who attended; the rest on a page of their own.
    past = (
        services.recent_page(city_id, 1, RECENT_ON_MAIN_PAGE)
        if allowed and page.number == 1
        else Page.empty(RECENT_ON_MAIN_PAGE)
    )
    return render_template("trainer/seminars.html", page=page, past=past)


@trainer_bp.get("/seminars/past/")
@role_required(TRAINER)
def past_seminars():
    """Every seminar of the last RECENT_DAYS days, latest first, a page at a time."""
    city_id, allowed = _own_city()
    page = (
        services.recent_page(city_id, requested_page(), TRAINER_SEMINARS_PER_PAGE)
        if allowed
        else Page.empty(TRAINER_SEMINARS_PER_PAGE)
    )
    return render_template("trainer/past_seminars.html", page=page)


def _fill_seminar_choices(form: SeminarForm) -> None:
    form.course.choices = [SelectChoice("", _("No online course"))] + [
        SelectChoice(str(card.course.id), card.text.title)
        for card in list_courses(content_languages())
    ]
    form.language.choices = [
        SelectChoice(code, language_name(code)) for code in enabled_languages()
    ]
    form.venue.choices = [
        SelectChoice(str(venue.id), f"{venue.name} ({venue.city.name})")
        for venue in services.venues_for(current_user)
    ]


@trainer_bp.route("/seminars/new", methods=["GET", "POST"])
@role_required(TRAINER)
def new_seminar():
    """Schedule a seminar, or a weekly series."""
    form = SeminarForm()
    if not form.is_submitted():
        form.language.data = g.lang if g.lang in enabled_languages() else "de"
    _fill_seminar_choices(form)
    if not form.venue.choices:
        flash(_("First add the venue where your seminars take place."), "info")
        return redirect(url_for("trainer.new_venue"))
    if form.validate_on_submit():
        try:
            created = services.create_seminars(
                current_user, form.seminar_data(), form.repeat_weeks.data
            )
        except services.SeminarError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(
                ngettext(
                    "The seminar is scheduled.", "%(num)s seminars are scheduled.", len(created)
                ),
                "success",
            )
            return redirect(url_for("trainer.seminars"))
    return render_template("trainer/seminar_form.html", form=form, seminar=None)


@trainer_bp.route("/seminars/<int:seminar_id>/edit", methods=["GET", "POST"])
@role_required(TRAINER)
def edit_seminar(seminar_id: int):
    """Change a seminar; people registered are told when time or place change."""
    seminar = _managed_seminar(seminar_id)
    form = SeminarForm(obj=seminar if request.method == "GET" else None)
    if request.method == "GET":
        form.show(seminar)
    del form.repeat_weeks
    _fill_seminar_choices(form)
    if form.validate_on_submit():
        try:
            services.update_seminar(current_user, seminar.id, form.seminar_data())
        except services.SeminarError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The seminar has been changed."), "success")
            return redirect(url_for("trainer.roster", seminar_id=seminar.id))
    return render_template("trainer/seminar_form.html", form=form, seminar=seminar)


@trainer_bp.route("/seminars/<int:seminar_id>/cancel", methods=["GET", "POST"])
@role_required(TRAINER)
def cancel_seminar(seminar_id: int):
    """Call a seminar off, after a confirmation page; everyone registered is told."""
    seminar = _managed_seminar(seminar_id)
    if request.method == "POST":
        services.cancel_seminar(current_user, seminar.id)
        db.session.commit()
        flash(
            _(
                "The seminar is cancelled. People with an e-mail address have been told; please phone the others."
            ),
            "success",
        )
        return redirect(url_for("trainer.roster", seminar_id=seminar.id))
    return render_template("trainer/cancel.html", seminar=seminar, roster=services.roster(seminar))


@trainer_bp.get("/seminars/<int:seminar_id>/")
@role_required(TRAINER)
def roster(seminar_id: int):
    """Who is coming: seats and waitlist in order, attendance, guests."""
    seminar = _managed_seminar(seminar_id)
    # Imported here: app.accounts imports the seminar services, which import this module.
    from app.accounts.password_help import refusal

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


@trainer_bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/attendance")
@role_required(TRAINER)
def attendance(seminar_id: int, registration_id: int):
    """Mark one participant as attended, no-show, or not marked."""
    registration = _managed_registration(seminar_id, registration_id)
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
        url_for("trainer.roster", seminar_id=seminar_id, _anchor=f"registration-{registration_id}")
    )


@trainer_bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/cancel")
@role_required(TRAINER)
def cancel_registration(seminar_id: int, registration_id: int):
    """Cancel someone's place (for people who phone to say they cannot come)."""
    registration = _managed_registration(seminar_id, registration_id)
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
    return redirect(url_for("trainer.roster", seminar_id=seminar_id))


@trainer_bp.route("/seminars/<int:seminar_id>/guests/new", methods=["GET", "POST"])
@role_required(TRAINER)
def new_guest(seminar_id: int):
    """Register someone who phoned, with a name and a phone number only."""
    seminar = _managed_seminar(seminar_id)
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
            return redirect(url_for("trainer.roster", seminar_id=seminar.id))
    return render_template("trainer/guest_form.html", form=form, seminar=seminar)


@trainer_bp.get("/seminars/<int:seminar_id>/roster.csv")
@role_required(TRAINER)
def roster_csv(seminar_id: int):
    """The roster as CSV that Excel and LibreOffice open with umlauts intact (UTF-8 with BOM, ;)."""
    seminar = _managed_seminar(seminar_id)
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


@trainer_bp.get("/seminars/<int:seminar_id>/sign-in-sheet")
@role_required(TRAINER)
def sign_in_sheet(seminar_id: int):
    """A printable A4 sign-in sheet with a QR code that opens the linked online course."""
    seminar = _managed_seminar(seminar_id)
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


@trainer_bp.route("/venues/new", methods=["GET", "POST"])
@role_required(TRAINER)
def new_venue():
    """Add a venue with its accessibility features."""
    form = VenueForm()
    form.language.choices = [
        SelectChoice(code, language_name(code)) for code in enabled_languages()
    ]
    if not form.is_submitted():
        form.language.data = g.lang
    cities = all_cities()
    if is_global_admin(current_user):
        form.city.choices = [SelectChoice(str(c.id), c.name) for c in cities]
    else:
        del form.city
    if form.validate_on_submit():
        city_id = (
            whole_number(form.city.data) if is_global_admin(current_user) else current_user.city_id
        )
        try:
            services.create_venue(current_user, city_id, **form.venue_values())
        except services.SeminarError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The venue has been added."), "success")
            return redirect(url_for("trainer.new_seminar"))
    return render_template("trainer/venue_form.html", form=form)


@trainer_bp.post("/seminars/<int:seminar_id>/registrations/<int:registration_id>/login-card")
@role_required(TRAINER)
def new_login_card(seminar_id: int, registration_id: int):
    """A participant forgot their password and has no e-mail: print a card with a new start code.
    Recorded for the city admins, and shown to the learner at their next sign-in."""
    # Imported here: app.accounts imports the seminar services, which import this module.
    from app.accounts import password_help
    from app.accounts.cards import login_card_page

    registration = _managed_registration(seminar_id, registration_id)
    back = url_for("trainer.roster", seminar_id=seminar_id)
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
