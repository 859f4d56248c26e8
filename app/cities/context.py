"""The city of the person reading the page: the account's for learners, else the cookie's.

A signed-in learner's city is stored on the account; anyone else's in a cookie. Staff (trainers and
admins) have a city that decides what they may manage: choosing a city to read lessons for never
changes it, so for them the choice lives in the cookie only.

This module reads the request; services and content get the city from here as an argument.
"""

from __future__ import annotations

from flask import g, request
from flask_login import current_user

from app.content.reading import CityInfo, list_cities
from app.models import Role

CITY_COOKIE = "city"
#: The cookie value of someone who was asked and chose not to say.
NO_CITY = "none"


def all_cities() -> list[CityInfo]:
    """Every city, alphabetically (kept per content revision by app.content.reading)."""
    if "all_cities" not in g:
        g.all_cities = list_cities()
    return g.all_cities


def city_by_slug(slug: str | None) -> CityInfo | None:
    return next((city for city in all_cities() if city.slug == slug), None)


def current_city() -> CityInfo | None:
    """The city the visitor chose: the account's for learners, else the cookie's."""
    user = current_user
    if user and user.is_authenticated and user.role is Role.LEARNER and user.city_id:
        return next((c for c in all_cities() if c.id == user.city_id), None)
    return city_by_slug(request.cookies.get(CITY_COOKIE))


def city_question_answered() -> bool:
    """True once the visitor chose a city or said they would rather not: we ask only once."""
    if current_city() is not None:
        return True
    return request.cookies.get(CITY_COOKIE) == NO_CITY
