"""The accessibility statement, the Leichte Sprache and sign language pages, "report a barrier"
(every footer links to all four), and the admins' list of reports."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.accessibility import services, statement
from app.accessibility.forms import BarrierReportForm
from app.accounts.access import role_required
from app.cities.context import all_cities
from app.content.reading import site_page
from app.content.render import as_markup
from app.content.site_pages import MEDIA_EXTENSIONS, media_folder
from app.extensions import db
from app.links import public_url, safe_next
from app.models import Role

bp = Blueprint("accessibility", __name__)
#: Video, captions and poster of the sign language page, outside the language prefix.
site_media_bp = Blueprint("site_media", __name__)


def _page_from_query() -> str:
    """The page the visitor came from: a path on this site only."""
    return safe_next("", request.args.get("page", ""))


@bp.route("/report-a-barrier", methods=["GET", "POST"])
def report():
    """A form to tell us about a barrier; no account and no JavaScript needed."""
    form = BarrierReportForm()
    if not form.is_submitted():
        form.page.data = _page_from_query()
    if form.validate_on_submit():
        services.report_barrier(
            form.page.data or "",
            form.message.data,
            form.contact.data,
            g.lang,
            current_user if current_user.is_authenticated else None,
        )
        db.session.commit()
        flash(
            _("Thank you. Your report has reached the team that looks after this website."),
            "success",
        )
        return redirect(url_for("accessibility.report"))
    return render_template("accessibility/report.html", form=form)


@bp.get("/admin/barrier-reports")
@role_required(Role.ADMIN)
def reports():
    """Every report, newest first (admins)."""
    return render_template("accessibility/reports.html", reports=services.recent_reports())


@bp.get("/privacy")
def privacy():
    """Datenschutzerklärung: what the code stores, for how long, and the rights that go with it."""
    return render_template("accessibility/privacy.html", cities=all_cities())


@bp.get("/accessibility")
def accessibility_statement():
    """Erklärung zur Barrierefreiheit: status, known gaps, contact and enforcement (§ 4 HVBIT)."""
    return render_template(
        "accessibility/statement.html",
        statement=statement,
        gaps=statement.known_gaps(),
        site_url=public_url("/"),
    )


def _site_page(name: str, language: str):
    page = site_page(name)
    if page is None:
        abort(404)
    return render_template(
        "accessibility/site_page.html",
        page=page,
        html=as_markup(page.html),
        content_language=language,
    )


@bp.get("/leichte-sprache")
def easy_language():
    """The site explained in Leichte Sprache (BITV 2.0 § 4): German whatever the interface language."""
    return _site_page("leichte-sprache", "de-x-ls")


@bp.get("/gebaerdensprache")
def sign_language():
    """The site explained in German Sign Language: the cities' video (once there is one) and its text."""
    return _site_page("gebaerdensprache", "de")


@site_media_bp.get("/site-media/<filename>")
def media(filename: str):
    """A video, captions file or poster of a site page (courses/_pages/media/)."""
    allowed = set().union(*MEDIA_EXTENSIONS.values())
    if Path(filename).suffix.lower() not in allowed:
        abort(404)
    folder = media_folder(Path(current_app.config["COURSES_DIR"]))
    return send_from_directory(folder, filename, max_age=3600)
