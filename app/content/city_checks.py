"""Checking the city profiles (courses/_cities/*.toml): name, website, links, hotline and the
accessibility contact, each problem at `path:line`."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from app.content.files import Problem, unknown_keys
from app.content.source import CitySource

CITY_KEYS = {"name", "website", "hotline", "links", "accessibility"}
CITY_ACCESSIBILITY_KEYS = {"name", "url", "email", "phone"}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/-]{1,30}$")


def check_cities(cities: list[CitySource], root: Path) -> list[Problem]:
    problems: list[Problem] = []
    if not cities:
        problems.append(
            Problem(root, 1, "no city profiles found: add courses/_cities/<city>.toml files")
        )
    for city in cities:
        if not city.data:
            continue  # a syntax error was already reported
        problems += unknown_keys(city.path, city.data, city.key_lines, CITY_KEYS)
        if not isinstance(city.data.get("name"), str) or not city.data["name"].strip():
            problems.append(Problem(city.path, 1, 'the city has no name: add name = "…"'))
        website = city.data.get("website")
        if not isinstance(website, str) or urlsplit(website).scheme != "https":
            problems.append(
                Problem(
                    city.path,
                    city.key_lines.get("website", 1),
                    'add the city\'s website as website = "https://…"',
                )
            )
        if not isinstance(city.data.get("links", {}), dict):
            problems.append(
                Problem(
                    city.path,
                    city.key_lines.get("links", 1),
                    'links must be a table: a line [links], then key = "https://…" lines',
                )
            )
        problems += _check_city_contact(city)
        for key, url in city.links.items():
            if not isinstance(url, str) or urlsplit(url).scheme not in {"https", "http", "tel"}:
                problems.append(
                    Problem(
                        city.path,
                        city.link_lines.get(key, 1),
                        f"the link '{key}' must be a web address (https://…) or a phone number (tel:+49…)",
                    )
                )
    return problems


def _check_city_contact(city: CitySource) -> list[Problem]:
    """The hotline and the [accessibility] table: who residents can call or write to."""
    problems: list[Problem] = []
    hotline = city.data.get("hotline")
    if hotline is not None and (not isinstance(hotline, str) or not PHONE_RE.match(hotline)):
        problems.append(
            Problem(
                city.path,
                city.key_lines.get("hotline", 1),
                'hotline must be a phone number, e.g. hotline = "115" or "0611 310"',
            )
        )
    table = city.data.get("accessibility")
    if table is None:
        return problems
    line = city.accessibility_lines.get("[accessibility]", city.key_lines.get("accessibility", 1))
    if not isinstance(table, dict):
        return problems + [
            Problem(
                city.path, line, "accessibility must be a table: a line [accessibility], then keys"
            )
        ]
    lines = city.accessibility_lines
    problems += unknown_keys(city.path, table, lines, CITY_ACCESSIBILITY_KEYS)
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        problems.append(
            Problem(
                city.path, line, 'the accessibility contact needs a name = "…" (office or person)'
            )
        )
    if not any(table.get(key) for key in ("url", "email", "phone")):
        problems.append(
            Problem(city.path, line, "the accessibility contact needs a url, an email or a phone")
        )
    url = table.get("url")
    if url is not None and (not isinstance(url, str) or urlsplit(url).scheme != "https"):
        problems.append(
            Problem(city.path, lines.get("url", line), 'url must be a web address: "https://…"')
        )
    email = table.get("email")
    if email is not None and (not isinstance(email, str) or "@" not in email.strip("@")):
        problems.append(
            Problem(city.path, lines.get("email", line), "email must be an e-mail address")
        )
    phone = table.get("phone")
    if phone is not None and (not isinstance(phone, str) or not PHONE_RE.match(phone)):
        problems.append(
            Problem(city.path, lines.get("phone", line), "phone must be a phone number")
        )
    return problems
