"""The translators' pages (role translator or admin)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from app.accounts.access import role_required
from app.languages import enabled_languages
from app.models import Role
from app.translate import catalogs, services

bp = Blueprint("translate", __name__)


@bp.get("/")
@role_required(Role.TRANSLATOR)
def overview():
    """Interface catalogues and lesson translations: what is complete, outdated or missing."""
    languages = [code for code in enabled_languages() if code != "en"]
    ui = [
        catalogs.catalogue_status(code)
        for code in catalogs.catalogue_languages()
        if code in current_app.config["LANGUAGES"]
    ]
    courses = services.translation_overview(enabled_languages())
    return render_template("translate/overview.html", ui=ui, courses=courses, languages=languages)


@bp.get("/<course_slug>/<language>/<document>/")
@role_required(Role.TRANSLATOR)
def changes(course_slug: str, language: str, document: str):
    """What changed in the source of one outdated translation, word by word."""
    course = services.find_course(course_slug)
    if course is None or language not in enabled_languages():
        abort(404)
    statuses = services.translation_overview([language])
    status = next(
        (
            s
            for entry in statuses
            if entry.course.id == course.id
            for s in entry.documents.get(language, [])
            if s.document == document
        ),
        None,
    )
    if status is None or status.state != services.OUTDATED:
        abort(404)
    try:
        old = services.source_version(course, document, status.based_on)
    except services.UnknownVersion:
        old = None
    new = services.source_version(course, document, status.current)
    pieces = services.word_diff(old.text, new.text) if old else []
    file_name = services.file_name(course, document)
    return render_template(
        "translate/changes.html",
        status=status,
        course=course,
        pieces=pieces,
        old=old,
        new=new,
        source_file=f"courses/{course.slug}/{course.source_language}/{file_name}.md",
        translation_file=f"courses/{course.slug}/{language}/{file_name}.md",
    )
