"""Choosing one's city, and each city's page: its services, contacts, seminars and popular courses."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app import cookies
from app.cities import context, services
from app.cities.forms import CityForm
from app.extensions import db
from app.i18n import content_languages
from app.labels import CITY_LINK_LABELS
from app.links import safe_next
from app.seminars import services as seminars

bp = Blueprint("cities", __name__)
# The short "which city?" question is part of several pages' templates.
bp.add_app_template_global(context.city_question_answered)
bp.add_app_template_global(context.all_cities)
bp.add_app_template_global(context.current_city)

#: How many seminars and courses a city's page lists.
CITY_PAGE_SEMINARS = 10
CITY_PAGE_COURSES = 5


def city_form() -> CityForm:
    form = CityForm()
    form.city.choices = [SelectChoice(c.slug, c.name) for c in context.all_cities()] + [
        # i18n: the answer of someone who does not want to name their city
        SelectChoice(context.NO_CITY, _("I would rather not say: show the links of all cities"))
    ]
    return form


@bp.route("/", methods=["GET", "POST"])
def choose():
    """Which city do you live in? Remembered in a cookie, and on a learner's account."""
    form = city_form()
    if not form.is_submitted():
        city = context.current_city()
        form.city.data = city.slug if city else None
        form.next.data = safe_next("", request.args.get("next", ""))
    if form.validate_on_submit():
        city = context.city_by_slug(form.city.data)
        if current_user.is_authenticated:
            services.choose_city(current_user, city)
            db.session.commit()
        if city is not None:
            flash(_("Lessons now link to the services of %(city)s.", city=city.name), "success")
        else:
            flash(_("Lessons show the links of every city."), "success")
        response = redirect(safe_next(url_for("cities.choose"), form.next.data or ""))
        cookies.keep(response, context.CITY_COOKIE, city.slug if city else context.NO_CITY)
        return response
    return render_template("cities/choose.html", form=form, cities=context.all_cities())


@bp.get("/<slug>/")
def show(slug: str):
    """A city's page: its online services and contacts, its next seminars, its most-used courses."""
    city = context.city_by_slug(slug)
    if city is None:
        abort(404)
    return render_template(
        "cities/show.html",
        city=city,
        is_current=context.current_city() == city,
        form=city_form(),
        link_labels=CITY_LINK_LABELS,
        seminars=seminars.upcoming(
            seminars.SeminarFilter(city_id=city.id), limit=CITY_PAGE_SEMINARS
        ),
        popular=services.most_used_courses(city, content_languages(), CITY_PAGE_COURSES),
    )
