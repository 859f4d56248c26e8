"""/<lang>/admin/reports/: city staff see what the programme achieved (tables, charts, CSV)."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_percent
from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.accounts.access import role_required
from app.accounts.roles import is_global_admin
from app.cities.context import all_cities
from app.content.reading import city_by_id, city_by_slug
from app.csv_export import csv_response
from app.edge import whole_number
from app.i18n import content_languages, language_name
from app.models import Role
from app.pagination import page_of, requested_page
from app.reports import services
from app.reports.forms import ReportForm

bp = Blueprint("reports", __name__)


def _scope(form: ReportForm) -> services.Scope:
    months = whole_number(form.months.data, default=12)
    months = months if months in services.PERIODS else 12
    if is_global_admin(current_user):
        city = city_by_slug(form.city.data or "")
    else:
        city = city_by_id(current_user.city_id)
    return services.Scope(city, services.months_back(months))


def _form() -> ReportForm:
    form = ReportForm(request.args, meta={"csrf": False})
    form.months.choices = [
        SelectChoice(str(n), ngettext("Last %(num)s month", "Last %(num)s months", n))
        for n in services.PERIODS
    ]
    if not form.months.data:
        form.months.data = "12"
    if is_global_admin(current_user):
        form.city.choices = [SelectChoice("", _("All cities"))] + [
            SelectChoice(city.slug, city.name) for city in all_cities()
        ]
    else:
        del form.city
    return form


@lru_cache(maxsize=4096)
def _percent(value: float, locale: str) -> str:
    # Babel reads the locale's pattern on every call, a sixth of the page's time; the figures
    # repeat on every request while the report's sums are kept.
    return format_percent(value, locale=locale)


def percent(value: float | None) -> str:
    return _percent(value, str(get_locale())) if value is not None else "–"


#: Courses a page shows in the per-course tables (a city has 200 courses; the CSV has them all).
COURSES_PER_PAGE = 4


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    """Enrollments and completions, lesson drop-off, seminar fill, waitlists and no-shows."""
    form = _form()
    scope = _scope(form)
    figures = services.figures(scope, content_languages())
    # Both per-course tables show the same page of courses, in alphabetical order.
    slugs = list(dict.fromkeys(row.slug for row in figures.value.courses))
    page = page_of(slugs, requested_page(), COURSES_PER_PAGE)
    shown = set(page.items)
    return render_template(
        "reports/index.html",
        form=form,
        scope=scope,
        computed_at=figures.computed_at,
        courses=[row for row in figures.value.courses if row.slug in shown],
        course_page=page,
        months=figures.value.months,
        drop_off=[report for report in figures.value.drop_off if report.slug in shown],
        practices=figures.value.practices,
        groups=figures.value.groups,
        percent=percent,
        query=request.args.to_dict(),
    )


@bp.get("/<table>.csv")
@role_required(Role.ADMIN)
def download(table: str):
    """One table of the report as CSV for Excel or LibreOffice."""
    form = _form()
    scope = _scope(form)
    figures = services.figures(scope, content_languages()).value
    where = scope.city.slug if scope.city else "all"
    name = f"lernlotse-{table}-{where}-{scope.months[0]}-{scope.months[-1]}.csv"
    if table == "courses":
        header = [_("Course"), _("Language"), _("Enrolled"), _("Completed"), _("Completion rate")]
        rows = [
            [row.title, language_name(row.language) if row.language != "unknown" else "–",
             row.enrolled, row.completed, percent(row.completion_rate)]
            for row in figures.courses
        ]  # fmt: skip
    elif table == "months":
        header = [
            _("Month"), _("Enrolled"), _("Completed"), _("Seminars"), _("Seats"), _("Seats taken"),
            _("Fill rate"), _("On the waitlist"), _("Attended"), _("Did not come"), _("No-show rate"),
        ]  # fmt: skip
        rows = [
            [row.month, row.enrolled, row.completed, row.seminars, row.seats, row.taken,
             percent(row.fill_rate), row.waitlisted, row.attended, row.no_shows,
             percent(row.no_show_rate)]
            for row in figures.months
        ]  # fmt: skip
    elif table == "drop-off":
        header = [
            _("Course"),
            _("Lesson"),
            _("Finished this lesson"),
            _("Stopped after this lesson"),
        ]
        rows = [
            [report.title, f"{step.position}. {step.title}",
             step.reached, step.stopped]
            for report in figures.drop_off
            for step in report.steps
        ]  # fmt: skip
    elif table == "practices":
        header = [
            _("Course"), _("Practice"), _("Step"), _("Tried"), _("Needed a hint"),
            _("Share that needed a hint"),
        ]  # fmt: skip
        rows = [
            [report.course_title, report.title, f"{step.position}. {step.title}", step.tried,
             step.needed_hint, percent(step.hint_rate)]
            for report in figures.practices
            for step in report.steps
        ]  # fmt: skip
    elif table == "groups":
        header = [
            _("Month"), _("Groups started"), _("Groups"), _("People who joined a group"),
            _("Lessons finished in groups"), _("Practices finished in groups"),
        ]  # fmt: skip
        rows = [
            [row.month, row.started, row.groups, row.joined, row.lessons, row.practices]
            for row in figures.groups
        ]
    else:
        abort(404)
    return csv_response(header, rows, name)
