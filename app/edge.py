"""The edge: what comes in from outside is made safe here, before any view or service sees it.

Three classes of hostile or broken input are closed in one place each:

- numbers in URLs: every ``<int:…>`` route takes only what a database integer column can hold
  (``BoundedIntConverter`` replaces Werkzeug's ``int`` converter for the whole app), so an id of
  twenty digits is a 404, not an overflow in the database driver;
- numbers in query strings and forms: ``whole_number`` is the one way to read them. ``str.isdigit``
  is true for "²", which ``int`` refuses; ``whole_number`` accepts what ``int`` accepts (Arabic-Indic
  digits too, as typed on an Arabic phone keyboard) within bounds, and says None to the rest;
- control characters: no address may contain one (400), form values lose them (tab and line breaks
  stay, for text areas), and cookies that carry one are ignored. PostgreSQL refuses NUL in text,
  and nothing a person types needs the others.
"""

from __future__ import annotations

import re

from flask import Flask, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map

#: The largest value of a 32-bit signed integer column (PostgreSQL ``integer``; ids and counts).
DB_INT_MAX = 2**31 - 1

#: C0 and C1 control characters and DEL: never part of an address, a name or a sentence.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: The same, but tab, line feed and carriage return are part of text typed into a text area.
CONTROL_CHARACTERS_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Bodies the site's forms send; anything else (JSON, XML…) is not for the HTML routes.
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


class BoundedIntConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, limited to 0…DB_INT_MAX unless a route says otherwise."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 0,
        max: int | None = DB_INT_MAX,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def whole_number(
    value: object, *, minimum: int = 0, maximum: int = DB_INT_MAX, default: int | None = None
) -> int | None:
    """*value* as an int when it is a whole number between *minimum* and *maximum*, else *default*.

    Accepts decimal digits of any script (``int`` does); refuses "²", "1e3", "12.0", signs other
    than a leading minus, and numbers too long to be anything but an attack.
    """
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        digits = text.removeprefix("-")
        if not digits or len(digits) > 12 or not digits.isdecimal():
            return default
        number = int(text)
    else:
        return default
    return number if minimum <= number <= maximum else default


def int_arg(name: str, default: int, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int:
    """A whole number from the query string (``?page=2``), *default* when missing or nonsense."""
    number = whole_number(request.args.get(name), minimum=minimum, maximum=maximum)
    return default if number is None else number


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _guard() -> None:
    """Before every view: refuse unusable addresses and bodies, clean form values and cookies."""
    if has_control_characters(request.path) or any(
        has_control_characters(key) or has_control_characters(value)
        for key, value in request.args.items(multi=True)
    ):
        abort(400)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # (A body may come without Content-Length, chunked: judge it by its type.)
        if request.mimetype and request.mimetype not in FORM_TYPES:
            abort(415)
        if request.files:
            abort(400)  # no form of the site uploads a file
        request.form = ImmutableMultiDict(  # type: ignore[misc]
            [
                (key, CONTROL_CHARACTERS_IN_TEXT.sub("", value))
                for key, value in request.form.items(multi=True)
                if not has_control_characters(key)
            ]
        )
    if any(has_control_characters(key + value) for key, value in request.cookies.items()):
        request.cookies = ImmutableMultiDict(  # type: ignore[misc]
            [
                (key, value)
                for key, value in request.cookies.items(multi=True)
                if not has_control_characters(key + value)
            ]
        )


def init_app(app: Flask) -> None:
    """Install the converter before any route is added, and the guard before any other hook."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(_guard)
