"""One catalogue, three cities: a learner's city decides where `city:` links lead and what is shown
first; without a city, a lesson shows every city's link, labelled."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import City, Enrollment, Role, User
from app.models.content import Course
from tests.factories import make_seminar, make_trainer, make_user, make_venue
from tests.web import csrf_token

LESSON = "/{lang}/courses/online-termin/termin-seite-finden/"
FRANKFURT_APPOINTMENTS = "https://frankfurt.de/buergeramt_termine"
WIESBADEN_APPOINTMENTS = "https://www.wiesbaden.de/terminbb"
DARMSTADT_APPOINTMENTS = "https://digitales-rathaus.darmstadt.de/"


def choose(client, city: str, lang: str = "de", next_: str = "", follow=False):
    return client.post(
        f"/{lang}/cities/",
        data={"city": city, "next": next_, "csrf_token": csrf_token(client)},
        follow_redirects=follow,
    )


def test_without_a_city_a_lesson_shows_every_citys_link_labelled(client):
    html = client.get(LESSON.format(lang="de")).get_data(as_text=True)
    assert "city:" not in html
    labelled = re.search(r"Termin-Seite Ihrer Stadt \((.*?)\)\. Er führt", html, re.S)
    assert labelled is not None
    links = re.findall(
        r'<a class="external-link" href="([^"]+)"[^>]*>([^<]+)<span', labelled.group(1)
    )
    assert links == [
        (DARMSTADT_APPOINTMENTS, "Darmstadt"),
        (FRANKFURT_APPOINTMENTS, "Frankfurt am Main"),
        (WIESBADEN_APPOINTMENTS, "Wiesbaden"),
    ]
    # The hidden "(external website)" is in the lesson's language.
    assert '<span class="visually-hidden"> (externe Website)</span>' in labelled.group(1)


def test_the_city_question_is_asked_on_the_start_page_and_in_lessons_with_city_links(client):
    assert 'id="city-question-title"' in client.get("/de/").get_data(as_text=True)
    assert 'id="city-question-title"' in client.get(LESSON.format(lang="de")).get_data(as_text=True)
    no_links = client.get("/de/courses/sicher-online/warnsignale/").get_data(as_text=True)
    assert 'id="city-question-title"' not in no_links


def test_a_chosen_city_is_remembered_and_its_links_are_used(client):
    response = choose(client, "wiesbaden", next_=LESSON.format(lang="tr"))
    assert response.status_code == 302
    assert response.headers["Location"] == LESSON.format(lang="tr")
    assert "city=wiesbaden" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    html = client.get(LESSON.format(lang="de")).get_data(as_text=True)
    assert (
        f'<a class="external-link" href="{WIESBADEN_APPOINTMENTS}" rel="noopener noreferrer">'
        "Termin-Seite Ihrer Stadt<span" in html
    )
    assert FRANKFURT_APPOINTMENTS not in html and DARMSTADT_APPOINTMENTS not in html
    assert 'id="city-question-title"' not in html
    start = client.get("/en/").get_data(as_text=True)
    assert 'Your city: <a href="/en/cities/wiesbaden/">Wiesbaden</a>' in start


def test_not_now_stops_the_question_and_keeps_every_citys_links(client):
    choose(client, "none", next_="/de/")
    assert 'id="city-question-title"' not in client.get("/de/").get_data(as_text=True)
    html = client.get(LESSON.format(lang="de")).get_data(as_text=True)
    for url in (FRANKFURT_APPOINTMENTS, WIESBADEN_APPOINTMENTS, DARMSTADT_APPOINTMENTS):
        assert url in html


def test_a_learners_city_is_kept_on_the_account_and_follows_them(client, app, auth):
    make_user()
    auth.sign_in()
    choose(client, "darmstadt")
    assert db.session.scalar(select(User).where(User.username == "maria")).city.slug == "darmstadt"
    other_device = app.test_client()
    other_device.post(
        "/de/account/sign-in",
        data={
            "username": "maria",
            "password": "correct horse battery",
            "csrf_token": csrf_token(other_device),
        },
    )
    html = other_device.get(LESSON.format(lang="de")).get_data(as_text=True)
    assert DARMSTADT_APPOINTMENTS in html and WIESBADEN_APPOINTMENTS not in html


def test_a_trainer_choosing_a_city_to_read_in_keeps_their_city_of_work(client, auth):
    make_trainer(username="tara", city_slug="frankfurt")
    auth.sign_in("tara")
    choose(client, "wiesbaden")
    trainer = db.session.scalar(select(User).where(User.username == "tara"))
    assert trainer.city.slug == "frankfurt"
    html = client.get(LESSON.format(lang="de")).get_data(as_text=True)
    assert WIESBADEN_APPOINTMENTS in html and FRANKFURT_APPOINTMENTS not in html


def test_the_city_form_without_an_answer_says_so_and_changes_nothing(client):
    response = client.post("/en/cities/", data={"csrf_token": csrf_token(client, "/en/cities/")})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Your city – Lernlotse</title>" in html
    assert "Choose your city, or that you would rather not say" in html
    assert "Set-Cookie" not in response.headers
    assert choose(client, "berlin", lang="en").status_code == 200


def test_choosing_a_city_never_redirects_to_another_site(client):
    response = choose(client, "frankfurt", next_="https://evil.example/")
    assert response.headers["Location"] == "/de/cities/"


def test_an_unknown_city_in_the_cookie_counts_as_no_city(client):
    client.set_cookie("city", "atlantis")
    html = client.get(LESSON.format(lang="de")).get_data(as_text=True)
    assert 'id="city-question-title"' in html
    assert FRANKFURT_APPOINTMENTS in html and WIESBADEN_APPOINTMENTS in html


def test_a_city_page_shows_its_services_contacts_and_only_its_seminars(client):
    make_seminar(make_venue("wiesbaden", name="Mauritius-Mediathek"), title="Termine in Wiesbaden")
    make_seminar(make_venue("darmstadt", name="Stadtbibliothek Darmstadt"), title="In Darmstadt")
    html = client.get("/en/cities/wiesbaden/").get_data(as_text=True)
    assert "<h1>Wiesbaden</h1>" in html
    assert f'href="{WIESBADEN_APPOINTMENTS}"' in html
    assert '<a href="tel:0611310" dir="ltr">0611 310</a>' in html
    assert "Kommunale Inklusionsbeauftragte" in html
    assert "Termine in Wiesbaden" in html
    assert "In Darmstadt" not in html
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_a_city_page_lists_courses_most_used_there_once_five_learners_started_them(client):
    wiesbaden = db.session.scalar(select(City).where(City.slug == "wiesbaden"))
    darmstadt = db.session.scalar(select(City).where(City.slug == "darmstadt"))
    ausweis = db.session.scalar(select(Course).where(Course.slug == "online-ausweis"))
    phishing = db.session.scalar(select(Course).where(Course.slug == "sicher-online"))
    for number in range(5):
        learner = make_user(username=f"w{number}")
        learner.city_id = wiesbaden.id
        db.session.add(Enrollment(user_id=learner.id, course_id=ausweis.id))
    for number in range(4):
        learner = make_user(username=f"x{number}")
        learner.city_id = wiesbaden.id
        db.session.add(Enrollment(user_id=learner.id, course_id=phishing.id))
    for number in range(6):
        learner = make_user(username=f"d{number}")
        learner.city_id = darmstadt.id
        db.session.add(Enrollment(user_id=learner.id, course_id=phishing.id))
    db.session.commit()
    html = client.get("/de/cities/wiesbaden/").get_data(as_text=True)
    popular = html[html.index('id="city-courses-title"') :]
    assert "Mit dem Online-Ausweis anmelden" in popular
    # four learners in Wiesbaden are too few to show; Darmstadt's six do not count here
    assert "Phishing erkennen" not in popular


def test_the_seminar_list_starts_with_the_visitors_city(client):
    make_seminar(make_venue("wiesbaden", name="Mauritius-Mediathek"), title="Termine in Wiesbaden")
    make_seminar(make_venue("darmstadt", name="Stadtbibliothek Darmstadt"), title="In Darmstadt")
    choose(client, "darmstadt")
    own = client.get("/en/seminars/").get_data(as_text=True)
    assert "In Darmstadt" in own and "Termine in Wiesbaden" not in own
    everyone = client.get("/en/seminars/?city=").get_data(as_text=True)
    assert "In Darmstadt" in everyone and "Termine in Wiesbaden" in everyone


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_city_pages_exist_in_every_language(client, lang):
    html = client.get(f"/{lang}/cities/frankfurt/").get_data(as_text=True)
    assert f'<html lang="{lang}"' in html


def test_staff_role_is_untouched_by_city_choice(client, auth):
    make_user(username="chefin", role=Role.ADMIN)
    auth.sign_in("chefin")
    choose(client, "wiesbaden")
    assert db.session.scalar(select(User).where(User.username == "chefin")).city_id is None
