"""Practices as learners use them: real forms posted to the server, judged there, in any language,
for visitors and for learners with an account."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD
from tests.web import csrf_token

START = "/de/courses/testkurs/practice/uebung/"
#: The right answers of each screen of BOOKING, as the browser sends them.
RIGHT = {
    "dienst": {"part-0": "0"},
    "tag": {"part-0": "10", "part-1": "2"},
    "angaben": {"part-0": "maria@beispiel.de", "part-1": "yes"},
    "bestaetigung": {"part-1": "0"},
}


def token(client) -> str:
    return csrf_token(client, START + "dienst/")


def send(client, screen: str, values: dict, lang: str = "de"):
    data = {**values, "csrf_token": token(client)}
    return client.post(f"/{lang}/courses/testkurs/practice/uebung/{screen}/", data=data)


def sign_in(client, username: str = "maria") -> None:
    data = {"username": username, "password": PASSWORD, "csrf_token": token(client)}
    assert client.post("/de/account/sign-in", data=data).status_code == 302


def walk(client, lang: str = "de"):
    """Do every screen right, in order; the last answer's response."""
    response = None
    for screen, values in RIGHT.items():
        response = send(client, screen, values, lang)
        assert response.status_code == 302, (screen, response.get_data(as_text=True)[:2000])
    return response


def test_a_visitor_does_the_practice_screen_by_screen_and_finishes_it(client, booking):
    start = client.get(START).get_data(as_text=True)
    assert "Übung – hier wird nichts wirklich gebucht oder gesendet." in start
    assert 'href="/de/courses/testkurs/practice/uebung/dienst/"' in start

    first = client.get(START + "dienst/").get_data(as_text=True)
    assert "Übung – hier wird nichts wirklich gebucht oder gesendet." in first
    assert "Schritt 1 von 5" in first
    assert re.search(r"<h1\s*>Dienstleistung wählen</h1>", first)

    assert send(client, "dienst", RIGHT["dienst"]).location.endswith("/uebung/tag/")
    tag = client.get(START + "tag/").get_data(as_text=True)
    # The feedback of the screen done right, on the next one.
    assert "Richtig: Der Personalausweis ist eine eigene Dienstleistung." in tag
    assert send(client, "tag", RIGHT["tag"]).location.endswith("/uebung/angaben/")
    assert send(client, "angaben", RIGHT["angaben"]).location.endswith("/uebung/bestaetigung/")
    confirmation = client.get(START + "bestaetigung/").get_data(as_text=True)
    assert re.search(r"Vorgangsnummer:</span>\s*<strong>\d{6}</strong>", confirmation)
    assert "Übung beenden" in confirmation  # the confirmation ends the practice

    finished = send(client, "bestaetigung", RIGHT["bestaetigung"])
    assert finished.location.endswith("/uebung/#finished")
    start = client.get(START).get_data(as_text=True)
    assert "Sie haben diese Übung beendet." in start
    assert "Den Termin können Sie bis zum Vortag absagen." in start  # the last screen's feedback
    with client.session_transaction() as kept:
        assert "practice_feedback" not in kept  # nothing is left waiting in the session


def test_cancelling_the_booking_leads_to_its_own_screen_and_then_ends(client, booking):
    for screen in ("dienst", "tag", "angaben"):
        send(client, screen, RIGHT[screen])
    cancel = send(client, "bestaetigung", {"part-1": "1"})
    assert cancel.location.endswith("/uebung/abgesagt/")
    page = client.get(START + "abgesagt/").get_data(as_text=True)
    assert "Übung beenden" in page  # the last screen's button says so
    assert send(client, "abgesagt", {}).location.endswith("/uebung/#finished")


def test_a_wrong_entry_is_named_keeps_what_was_typed_and_brings_a_hint_then_the_answer(
    client, booking
):
    first = send(client, "angaben", {"part-0": "maria(at)beispiel.de"})
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "Es gibt ein Problem" in page
    assert "<title>Fehler:" in page  # the page title says so first
    # The portal's own error, at the field and in the summary, linked to the field.
    assert page.count("Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.") == 2
    assert 'href="#part-0-input"' in page
    assert "Bitte bestätigen Sie die Datenschutzhinweise." in page
    assert 'value="maria(at)beispiel.de"' in page
    assert "Prüfen Sie das @-Zeichen." in page  # the hint after one wrong try
    assert "Die Lösung:" not in page

    second = send(client, "angaben", {"part-0": "maria@beispiel"}).get_data(as_text=True)
    assert "Die Lösung:" in second
    assert "name@beispiel.de" in second.split("Die Lösung:")[1]


def test_an_empty_field_and_a_missing_choice_are_named_not_blamed(client, booking):
    page = send(client, "dienst", {}).get_data(as_text=True)
    assert "Wählen Sie eine Antwort aus." in page
    page = send(client, "angaben", {"part-1": "yes"}).get_data(as_text=True)
    assert "Dieses Feld ist leer. Geben Sie Ihre Angabe ein." in page


def test_the_long_list_is_searched_on_the_server_without_judging(client, booking):
    page = send(client, "dienst", {"part-0-q": "reise", "action": "search-0"}).get_data(
        as_text=True
    )
    assert "Reisepass beantragen" in page
    assert "Personalausweis beantragen" not in page
    assert "1 von 3 angezeigt." in page
    assert "Es gibt ein Problem" not in page
    assert 'value="reise"' in page
    nothing = send(client, "dienst", {"part-0-q": "xyz", "action": "search-0"})
    assert "Nichts passt zu Ihrer Suche." in nothing.get_data(as_text=True)


def test_the_month_grid_offers_free_days_only_and_a_taken_slot_cannot_be_had(client, booking):
    page = client.get(START + "tag/").get_data(as_text=True)
    free_days = re.findall(r'name="part-0" id="part-0-day-(\d+)"', page)
    assert free_days == ["3", "4", "10", "11"]
    assert "Mittwoch, 10. März 2027" in page  # each day's full date for screen readers
    assert "<caption>März 2027</caption>" in page
    # A taken slot is shown, as portals do, but offers no control to choose it.
    assert 'id="part-1-0"' not in page
    assert re.search(r"08:30</span>\s*<span[^>]*>\(vergeben\)", page)
    taken = send(client, "tag", {"part-0": "5", "part-1": "0"}).get_data(as_text=True)
    assert taken.count("Das ist schon vergeben. Wählen Sie etwas Freies.") == 4


def test_trying_again_starts_afresh_and_the_practice_stays_finished(client, booking):
    walk(client)
    send(client, "dienst", {"part-0": "1"})  # a wrong try in the second run
    again = client.post(START + "again", data={"csrf_token": token(client)})
    assert again.location.endswith("/uebung/dienst/")
    page = client.get(START + "dienst/").get_data(as_text=True)
    assert "Tipp:" not in page
    assert "Sie haben diese Übung beendet." in client.get(START).get_data(as_text=True)


def test_an_untranslated_practice_is_shown_in_german_marked_as_such(client, booking):
    page = client.get("/ar/courses/testkurs/practice/uebung/dienst/").get_data(as_text=True)
    assert '<h1 lang="de" dir="ltr">Dienstleistung wählen</h1>' in page
    # The replica is a German page, left to right; the site's own words in it stay Arabic.
    assert re.search(r'<form class="replica"[^>]*lang="de" dir="ltr"', page)
    assert re.search(r'value="send" lang="ar" dir="rtl">متابعة</button>', page)
    assert "تمرين – لا يُحجز هنا أي شيء ولا يُرسَل فعليًا." in page


@pytest.mark.parametrize(
    "path", ["nope/", "dienst/../nope/", "../../nope/"]
)  # fmt: skip
def test_unknown_screens_and_practices_are_not_found(client, booking, path):
    assert client.get(START + path).status_code == 404
    assert client.get("/de/courses/testkurs/practice/keine/").status_code == 404


def test_finishing_the_practice_and_every_lesson_completes_the_course(client, booking, learner):
    from app.extensions import db
    from app.models import Enrollment

    sign_in(client)
    for lesson in ("erste", "zweite"):
        client.post(f"/de/courses/testkurs/{lesson}/done", data={"csrf_token": token(client)})
    enrollment = db.session.scalar(select(Enrollment))
    assert enrollment.completed_at is None  # the practice is a step of the course too
    walk(client)
    db.session.refresh(enrollment)
    assert enrollment.completed_at is not None
    assert "Herzlichen Glückwunsch" in client.get(START).get_data(as_text=True)


def test_a_visitors_finished_practice_moves_into_the_new_account(client, booking):
    from app.extensions import db
    from app.models import PracticeCompletion

    walk(client)
    response = client.post(
        "/de/account/sign-up",
        data={
            "username": "neu",
            "password": "ein langes Passwort 42",
            "password_again": "ein langes Passwort 42",
            "csrf_token": token(client),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert db.session.scalar(select(func.count(PracticeCompletion.id))) == 1


def test_each_screen_is_counted_without_names_for_the_reports(client, booking, learner):
    from app.extensions import db
    from app.models import PracticeScreenCount

    send(client, "dienst", {"part-0": "1"})  # a visitor: wrong, then right
    send(client, "dienst", {"part-0": "1"})
    send(client, "dienst", RIGHT["dienst"])
    other = client.application.test_client()
    sign_in(other)
    send(other, "dienst", RIGHT["dienst"])  # a learner: right at once
    counts = db.session.execute(
        select(
            PracticeScreenCount.tried, PracticeScreenCount.needed_hint, PracticeScreenCount.done
        ).where(PracticeScreenCount.screen == "dienst")
    ).all()
    assert [tuple(row) for row in counts] == [(2, 1, 2)]


def test_a_practice_screen_makes_a_fixed_number_of_queries(client, booking, learner, count_queries):
    sign_in(client)
    client.get(START + "tag/")  # warm-up: the practice is read once per content revision
    with count_queries() as shown:
        client.get(START + "tag/")
    # user, content revision, the learner's steps in this practice
    assert shown.count <= 3, shown.statements
    token_value = token(client)
    with count_queries() as sent:
        client.post(START + "tag/", data={**RIGHT["tag"], "csrf_token": token_value})
    # user, revision, steps, the screen's counts (insert, update), the step (insert, update)
    assert sent.count <= 8, sent.statements
