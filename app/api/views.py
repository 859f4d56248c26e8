"""/api/v1: the open data endpoints (JSON, and CSV for the offer). No sign-in, no personal data."""

from __future__ import annotations

import json
from importlib.resources import files

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import BadRequest

from app.aggregates import kept
from app.api import services
from app.csv_export import csv_response
from app.disclosure import ATTRIBUTION, LICENCE, MIN_COUNT
from app.languages import LANGUAGE_TABLE
from app.models import utcnow

bp = Blueprint("api", __name__)

LICENCE_LINK = f'<{LICENCE["url"]}>; rel="license"'


def _open_data(response: Response) -> Response:
    response.headers["Link"] = LICENCE_LINK
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def _document(**data) -> dict:
    """The licence, the attribution and the time, around the data."""
    return {
        "license": LICENCE,
        "attribution": ATTRIBUTION,
        "generated_at": utcnow().isoformat(),
        **data,
    }


def _envelope(**data) -> Response:
    return _open_data(jsonify(_document(**data)))


def _csv(header, rows, filename) -> Response:
    return _open_data(csv_response(header, rows, filename, for_spreadsheets=False))


class UnknownFilter(BadRequest):
    """A filter value the API does not know: a 400 that says which values it knows."""


def _seminar_filters() -> tuple[str | None, str | None]:
    """?city= and ?language=; an unknown value is an error, never "everything" or "nothing"."""
    city = request.args.get("city") or None
    language = request.args.get("language") or None
    cities = services.city_slugs()
    if city is not None and city not in cities:
        raise UnknownFilter(f"Unknown city {city!r}. Known cities: {', '.join(cities)}.")
    if language is not None and language not in LANGUAGE_TABLE:
        raise UnknownFilter(
            f"Unknown language {language!r}. Known languages: {', '.join(LANGUAGE_TABLE)}."
        )
    return city, language


@bp.get("/courses")
def courses():
    return _envelope(courses=services.courses())


@bp.get("/courses.csv")
def courses_csv():
    """One row per course and language."""
    rows = [
        [
            course["slug"],
            language,
            text["title"],
            text["summary"],
            course["topic"],
            course["level"],
            course["minutes"],
            course["lessons"],
            text["url"],
        ]
        for course in services.courses()
        for language, text in course["texts"].items()
    ]
    header = [
        "course",
        "language",
        "title",
        "summary",
        "topic",
        "level",
        "minutes",
        "lessons",
        "url",
    ]
    return _csv(header, rows, "lernlotse-courses.csv")


@bp.get("/seminars")
def seminars():
    city, language = _seminar_filters()
    return _envelope(seminars=services.seminars(utcnow(), city, language))


@bp.get("/seminars.csv")
def seminars_csv():
    city, language = _seminar_filters()
    header = [
        "id", "title", "language", "course", "starts_at", "ends_at", "status", "city",
        "venue", "street", "postcode", "town", "step_free", "accessible_toilet", "hearing_loop",
        "capacity", "seats_left", "url",
    ]  # fmt: skip
    rows = [
        [
            s["id"],
            s["title"],
            s["language"],
            s["course"] or "",
            s["starts_at"],
            s["ends_at"],
            s["status"],
            s["city"]["slug"],
            s["venue"]["name"],
            s["venue"]["street"],
            s["venue"]["postcode"],
            s["venue"]["town"],
            s["venue"]["step_free"],
            s["venue"]["accessible_toilet"],
            s["venue"]["hearing_loop"],
            s["capacity"],
            s["seats_left"],
            s["url"],
        ]  # fmt: skip
        for s in services.seminars(utcnow(), city, language)
    ]
    return _csv(header, rows, "lernlotse-seminars.csv")


@bp.get("/statistics")
def statistics():
    """Counts over every enrollment: computed at most once per AGGREGATES_CACHE_SECONDS, and
    served as the JSON made then (at city scale the figures take seconds and weigh megabytes)."""

    def document() -> str:
        data = _document(
            suppression={
                "threshold": MIN_COUNT,
                "note": f"Counts below {MIN_COUNT} are published as null, so that no person can be singled out.",
            },
            **services.statistics(),
        )
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    body = kept(("api-statistics",), document).value
    return _open_data(Response(body, mimetype="application/json"))


@bp.get("/openapi.yaml")
def openapi():
    """The OpenAPI 3.1 description of these endpoints."""
    text = files("app.api").joinpath("openapi.yaml").read_text(encoding="utf-8")
    response = Response(text, mimetype="application/yaml")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
