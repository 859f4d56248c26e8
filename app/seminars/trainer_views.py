"""Trainers' pages: their city's seminars (scheduling, changing, cancelling) and venues.

One seminar's roster has pages of its own (roster_views.py)."""

from __future__ import annotations

from flask import (
    Blueprint,
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
from app.accounts.roles import is_global_admin
from app.cities.context import all_cities
from app.content.reading import list_courses
from app.edge import whole_number
from app.extensions import db
from app.i18n import content_languages, language_name
from app.languages import enabled_languages
from app.models import Role
from app.pagination import Page, requested_page
from app.seminars import services
from app.seminars.forms import SeminarForm, VenueForm
from app.seminars.managing import managed_seminar, own_city, show_error

#: Trainers' pages (role trainer, their city; admins everywhere).
trainer_bp = Blueprint("trainer", __name__)

TRAINER = Role.TRAINER
#: A city has hundreds of upcoming seminars; a table row is small, so more fit a page than in the
#: public list.
TRAINER_SEMINARS_PER_PAGE = 25
#: Past seminars listed on the trainer's start page (all of the last 30 days: a page of their own).
RECENT_ON_MAIN_PAGE = 10


@trainer_bp.get("/seminars/")
@role_required(TRAINER)
def seminars():
    """The trainer's city's upcoming seminars (every city's, for global admins)."""
    city_id, allowed = own_city()
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
    city_id, allowed = own_city()
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
    seminar = managed_seminar(seminar_id)
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
            return redirect(url_for("roster.roster", seminar_id=seminar.id))
    return render_template("trainer/seminar_form.html", form=form, seminar=seminar)


@trainer_bp.route("/seminars/<int:seminar_id>/cancel", methods=["GET", "POST"])
@role_required(TRAINER)
def cancel_seminar(seminar_id: int):
    """Call a seminar off, after a confirmation page; everyone registered is told."""
    seminar = managed_seminar(seminar_id)
    if request.method == "POST":
        services.cancel_seminar(current_user, seminar.id)
        db.session.commit()
        flash(
            _(
                "The seminar is cancelled. People with an e-mail address have been told; please phone the others."
            ),
            "success",
        )
        return redirect(url_for("roster.roster", seminar_id=seminar.id))
    return render_template("trainer/cancel.html", seminar=seminar, roster=services.roster(seminar))


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
