"""Reading a page never writes to the database: every GET route of the URL map, as a visitor, a
trainer and a global admin, sends no INSERT, UPDATE or DELETE (a page a crawler or a prefetch
opens must change nothing, and a read-only replica must be able to serve it)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.walk import PEOPLE, build_world, path, rules, signed_in
from tests.web import csrf_token

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.mark.parametrize("person", PEOPLE, ids=["visitor", "trainer", "admin"])
def test_no_get_request_writes_to_the_database(app, person):
    world = build_world()
    client = signed_in(app, person)
    writes: list[str] = []
    current: list[str] = [""]

    def watch(_conn, _cursor, statement, _parameters, _context, _many):
        if statement.lstrip().upper().startswith(WRITES):
            writes.append(f"GET {current[0]}: {statement.split()[0]} {statement.split()[2]}")

    engine = db.engine
    event.listen(engine, "before_cursor_execute", watch)
    try:
        walked = 0
        for rule in rules(app, "GET"):
            if rule.endpoint == "static":
                continue
            current[0] = path(rule, world)
            assert client.get(current[0]).status_code < 500, current[0]
            walked += 1
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert walked >= 50  # the walk reached the app, not an empty map
    assert writes == []


def test_the_watch_sees_a_write(app):
    """Positive control: the same listener does see a write made by a POST."""
    build_world()
    client = signed_in(app, "maria")
    seen: list[str] = []

    def watch(_conn, _cursor, statement, *_rest):
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", watch)
    try:
        token = csrf_token(client, "/de/courses/online-termin/")
        response = client.post("/de/courses/online-termin/enroll", data={"csrf_token": token})
    finally:
        event.remove(db.engine, "before_cursor_execute", watch)
    assert response.status_code == 302
    assert any("INSERT" in statement.upper() for statement in seen)
