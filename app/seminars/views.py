"""The public seminar schedule, seminar pages, registration and calendar files."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.cities.context import all_cities, current_city
from app.content.reading import city_by_slug, list_courses
from app.extensions import db
from app.i18n import content_languages, language_name
from app.languages import LANGUAGE_TABLE, enabled_languages
from app.models import utcnow
from app.pagination import requested_page
from app.seminars import services
from app.seminars.calendar import calendar_for
from app.seminars.forms import SeminarFilterForm
from app.structured_data import seminar_jsonld

bp = Blueprint("seminars", __name__)
#: Calendar feeds, outside the language prefix: calendar programs subscribe to one address.
feeds_bp = Blueprint("feeds", __name__)


def _course_card(course_id: int | None):
    """The course a seminar list is filtered by, from the course list kept between requests."""
    if course_id is None:
        return None
    cards = list_courses(content_languages())
    return next((card for card in cards if card.course.id == course_id), None)


#: A seminar card with its venue's accessibility is large: ten a page keeps the page light (< 50 KB).
SEMINARS_PER_PAGE = 10


@bp.get("/")
def index():
    """Upcoming seminars, filterable by city (the visitor's own by default), language, course, date."""
    form = SeminarFilterForm(request.args, meta={"csrf": False})
    cities = all_cities()
    form.city.choices = [SelectChoice("", _("All cities"))] + [
        SelectChoice(c.slug, c.name) for c in cities
    ]
    form.language.choices = [SelectChoice("", _("All languages"))] + [
        SelectChoice(code, language_name(code)) for code in enabled_languages()
    ]
    if "city" not in request.args and (own := current_city()) is not None:
        form.city.data = own.slug  # the visitor's own city first; "All cities" is one choice away
    where, city, course = form.chosen(cities, _course_card)
    page = services.upcoming_page(where, requested_page(), SEMINARS_PER_PAGE)
    filtered = bool(where.city_id or where.language or where.course_id or where.on)
    return render_template(
        "seminars/index.html", form=form, page=page, filtered=filtered, city=city, course=course
    )


def _seminar_or_404(seminar_id: int):
    seminar = services.get_seminar(seminar_id)
    if seminar is None:
        abort(404)
    return seminar


@bp.get("/<int:seminar_id>/")
def show(seminar_id: int):
    """A seminar: what, when, where (with accessibility), seats, and register or cancel."""
    seminar = _seminar_or_404(seminar_id)
    [row] = services.rows_for([seminar])
    registration = (
        services.registration_of(current_user, seminar) if current_user.is_authenticated else None
    )
    position = (
        services.waitlist_position(registration)
        if registration is not None and registration.is_waitlisted
        else None
    )
    return render_template(
        "seminars/show.html",
        row=row,
        structured_data=seminar_jsonld(row),
        seminar=seminar,
        registration=registration,
        position=position,
        started=utcnow() >= seminar.starts_at,
    )


@bp.post("/<int:seminar_id>/register")
def register(seminar_id: int):
    """Take a seat, or a place on the waitlist when the seminar is full."""
    if not current_user.is_authenticated:
        page = url_for("seminars.show", seminar_id=seminar_id)
        flash(_("Please sign in or create an account to register. It takes a minute."), "info")
        return redirect(url_for("accounts.sign_in", next=page))
    _seminar_or_404(seminar_id)
    try:
        registration = services.register(seminar_id, user=current_user)
    except services.SeminarError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        if registration.has_seat:
            flash(_("Your seat is booked. We look forward to seeing you!"), "success")
        else:
            flash(
                _(
                    "The seminar is full: you are on the waitlist. If a seat becomes free, it is yours."
                ),
                "success",
            )
    return redirect(url_for("seminars.show", seminar_id=seminar_id))


@bp.post("/<int:seminar_id>/cancel")
def cancel(seminar_id: int):
    """Give up one's seat or waitlist place (someone on the waitlist moves up)."""
    if not current_user.is_authenticated:
        return redirect(
            url_for("accounts.sign_in", next=url_for("seminars.show", seminar_id=seminar_id))
        )
    seminar = _seminar_or_404(seminar_id)
    registration = services.registration_of(current_user, seminar)
    if registration is not None:
        services.cancel_registration(registration.id)
        db.session.commit()
        flash(
            _("Your registration is cancelled. Thank you for making room for someone else."),
            "success",
        )
    return redirect(url_for("seminars.show", seminar_id=seminar_id))


def _ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/<int:seminar_id>/calendar.ics")
def calendar(seminar_id: int):
    """The seminar as a calendar file."""
    seminar = _seminar_or_404(seminar_id)
    body = calendar_for([seminar], g.lang, seminar.title)
    return _ics_response(body, f"seminar-{seminar.id}.ics")


@feeds_bp.get("/seminars.ics")
def feed():
    """A calendar to subscribe to: upcoming seminars, by city and language if asked."""
    city_slug = request.args.get("city", "")
    language = request.args.get("lang", "")
    city = city_by_slug(city_slug)
    if (city_slug and city is None) or (language and language not in LANGUAGE_TABLE):
        abort(404)
    rows = services.upcoming(
        services.SeminarFilter(
            city_id=city.id if city else None, language=language or None, include_cancelled=True
        )
    )
    name = " – ".join(filter(None, ["Lernlotse", city.name if city else None, language or None]))
    body = calendar_for([row.seminar for row in rows], language or "de", name)
    return _ics_response(body, "lernlotse-seminars.ics")
