"""Error pages: in the site layout and in the page's language."""

from __future__ import annotations

from flask import abort

from app import create_app
from app.extensions import db


def test_404_in_german_under_the_german_prefix(client):
    response = client.get("/de/gibt-es-nicht")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    assert "Seite nicht gefunden" in html
    assert '<main id="main-content"' in html


def test_404_in_english_under_the_english_prefix(client):
    html = client.get("/en/no-such-page").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert "Page not found" in html


def _app_with_failing_routes(app):
    broken = create_app({**app.config, "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @broken.get("/<lang>/broken/<int:code>")
    def fail(code: int):
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    return broken


def test_400_403_and_500_pages_use_the_layout_and_language(app):
    broken = _app_with_failing_routes(app)
    client = broken.test_client()
    expected = {
        400: "Die Anfrage konnte nicht verarbeitet werden",
        403: "Sie haben keinen Zugriff",
        500: "Entschuldigung",
    }
    for code, text in expected.items():
        response = client.get(f"/de/broken/{code}")
        assert response.status_code == code
        html = response.get_data(as_text=True)
        assert '<html lang="de" dir="ltr">' in html
        assert text in html, html
    english = client.get("/en/broken/403").get_data(as_text=True)
    assert "You may not open this page" in english
    with broken.app_context():
        for engine in db.engines.values():
            engine.dispose()
