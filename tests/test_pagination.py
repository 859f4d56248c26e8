"""Long lists come a page at a time, with previous/next links that keep the filters."""

from __future__ import annotations

import re
from datetime import timedelta

from app.extensions import db
from app.models import utcnow
from app.pagination import page_of
from tests.factories import make_seminar, make_trainer, make_venue


def test_a_page_of_a_list():
    page = page_of(list(range(45)), 3)
    assert (list(page.items), page.pages, page.total) == ([40, 41, 42, 43, 44], 3, 45)
    assert page_of(list(range(45)), 99).number == 3  # past the end: the last page
    assert page_of([], 1).pages == 1


def test_the_seminar_list_shows_ten_a_page_and_keeps_the_filter(client):
    venue = make_venue()
    for number in range(15):
        seminar = make_seminar(venue, title=f"Seminar {number:02d}")
        seminar.starts_at += timedelta(hours=number)
        seminar.ends_at += timedelta(hours=number)
    first = client.get("/en/seminars/?city=frankfurt").get_data(as_text=True)
    assert "15 seminars" in first
    assert first.count('class="course-card"') == 10
    assert "Page 1 of 2" in first
    next_link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first).group(1)
    assert "city=frankfurt" in next_link and "page=2" in next_link
    second = client.get(next_link.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count('class="course-card"') == 5
    assert "Seminar 14" in second and "Seminar 00" not in second
    assert 'rel="prev">Previous page</a>' in second and 'rel="next"' not in second
    assert client.get("/en/seminars/?page=nonsense").status_code == 200


def test_a_trainers_seminar_list_shows_25_a_page(client, auth):
    make_trainer()
    venue = make_venue()
    for number in range(30):
        seminar = make_seminar(venue, title=f"Seminar {number:02d}")
        seminar.starts_at += timedelta(hours=number)
        seminar.ends_at += timedelta(hours=number)
    db.session.commit()
    auth.sign_in("tara")
    first = client.get("/en/trainer/seminars/").get_data(as_text=True)
    assert "30 upcoming seminars" in first
    assert first.count('<th scope="row">') == 25
    assert "Page 1 of 2" in first and "Seminar 24" in first and "Seminar 25" not in first
    second = client.get("/en/trainer/seminars/?page=2").get_data(as_text=True)
    assert second.count('<th scope="row">') == 5
    assert "Seminar 29" in second and "Seminar 00" not in second


def test_a_trainer_sees_the_latest_past_seminars_and_finds_the_others_on_their_own_page(
    client, auth
):
    make_trainer()
    venue = make_venue()
    for number in range(13):
        seminar = make_seminar(venue, title=f"Vorbei {number:02d}")
        seminar.starts_at = utcnow() - timedelta(days=1 + number, hours=3)
        seminar.ends_at = seminar.starts_at + timedelta(hours=2)
    db.session.commit()
    auth.sign_in("tara")
    main = client.get("/en/trainer/seminars/").get_data(as_text=True)
    recent = main.split('id="recent"')[1]
    assert "Vorbei 00" in recent and "Vorbei 09" in recent and "Vorbei 10" not in recent
    assert '<a href="/en/trainer/seminars/past/">All 13 seminars of the last 30 days</a>' in main
    every = client.get("/en/trainer/seminars/past/").get_data(as_text=True)
    assert all(f"Vorbei {number:02d}" in every for number in range(13))
