"""Report a barrier (every footer links here), and the admins' list of reports."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accessibility import bp, services
from app.accessibility.forms import BarrierReportForm
from app.accounts.access import role_required
from app.extensions import db
from app.models import Role


def _page_from_query() -> str:
    """The page the visitor came from: a path on this site only."""
    page = request.args.get("page", "")
    parts = urlsplit(page)
    return page if page.startswith("/") and not page.startswith("//") and not parts.netloc else ""


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
