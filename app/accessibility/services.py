"""Barrier reports: kept, and sent to every admin who has an e-mail address."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.languages import LANGUAGE_TABLE
from app.models import BarrierReport, Role, User
from app.outbox import queue_message


def report_barrier(
    page: str, message: str, contact: str | None, language: str, user: User | None
) -> BarrierReport:
    """Keep a report and queue an e-mail about it to each admin with an address."""
    report = BarrierReport(
        page=page.strip()[:500],
        message=message.strip(),
        contact=(contact or "").strip() or None,
        language=language,
        user_id=user.id if user is not None else None,
    )
    db.session.add(report)
    db.session.flush()
    for admin in db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.email.is_not(None))
    ):
        if admin.email is None:  # the query asked for an address; this tells the type checker
            continue
        admin_language = admin.language if admin.language in LANGUAGE_TABLE else "de"
        with force_locale(LANGUAGE_TABLE[admin_language].locale):
            subject = render_template("mail/barrier_report_subject.txt", report=report)
            body = render_template("mail/barrier_report.txt", report=report)
        queue_message(
            f"barrier-report:{report.id}:{admin.id}", admin.email, admin_language, subject, body
        )
    return report


def recent_reports(limit: int = 200) -> list[BarrierReport]:
    return list(
        db.session.scalars(
            select(BarrierReport).order_by(BarrierReport.created_at.desc()).limit(limit)
        )
    )
