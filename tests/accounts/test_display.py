"""Display settings: larger text and high contrast without JavaScript, remembered in a cookie."""

from __future__ import annotations

from tests.web import csrf_token


def test_larger_text_and_high_contrast_are_remembered(client):
    assert 'class="' not in client.get("/de/").get_data(as_text=True).split("<head>", 1)[0]
    response = client.post(
        "/de/account/display",
        data={
            "text_size": "large",
            "contrast": "high",
            "next": "/de/courses/online-termin/",
            "csrf_token": csrf_token(client, "/de/account/display"),
        },
    )
    assert response.headers["Location"] == "/de/courses/online-termin/"
    html = client.get("/ar/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl" class="text-large contrast-high">' in html
    form = client.get("/en/account/display").get_data(as_text=True)
    assert (
        '<input checked class="choice__input" id="text_size-1" name="text_size" type="radio" value="large">'
        in form
    )


def test_unknown_values_fall_back_to_normal(client):
    client.set_cookie("display", "huge,<script>")
    head = client.get("/en/").get_data(as_text=True).split("<head>", 1)[0]
    assert "class=" not in head


def test_every_page_links_to_the_display_settings(client):
    html = client.get("/tr/courses/online-termin/").get_data(as_text=True)
    assert 'href="/tr/account/display?next=/tr/courses/online-termin/"' in html
