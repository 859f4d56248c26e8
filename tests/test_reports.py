"""Reports for city staff: numbers per month, course and lesson, scoped to the admin's city, as
tables, charts with a text alternative, and CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.content.reading import course_detail
from app.extensions import db
from app.learn import services as learn
from app.models import Attendance, Role, utcnow
from app.seminars import services as seminars
from tests.factories import PASSWORD, city, make_city_admin, make_seminar, make_user, make_venue
from tests.web import csrf_token


def sign_in(client, username: str) -> None:
    client.post(
        "/en/account/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_token(client)},
    )


def learners(count: int, city_slug: str, lessons_done: int, prefix: str, complete: bool = False):
    detail = course_detail("online-termin", ["de"])
    for number in range(count):
        user = make_user(username=f"{prefix}{number}", language="ar")
        user.city_id = city(city_slug).id
        enrollment = learn.enroll(user, detail.course)
        for entry in detail.lessons[:lessons_done]:
            learn.mark_done(user, entry.lesson)
        if complete:
            enrollment.completed_at = utcnow()
    db.session.commit()


@pytest.fixture
def history():
    """Wiesbaden: 3 finished the course, 2 stopped after lesson 2. Darmstadt: 4 stopped after 1.
    A past Wiesbaden seminar: 10 seats, 4 came, 1 did not; one person waits for a coming one."""
    learners(3, "wiesbaden", 5, "w", complete=True)
    learners(2, "wiesbaden", 2, "v")
    learners(4, "darmstadt", 1, "d")
    past = make_seminar(make_venue("wiesbaden", town="Wiesbaden"), capacity=10)
    registrations = [
        seminars.register(past.id, guest_name=f"Gast {n}", guest_phone="0611 1") for n in range(5)
    ]
    past.starts_at = utcnow() - timedelta(hours=5)
    past.ends_at = utcnow() - timedelta(hours=3)
    for registration in registrations[:4]:
        registration.attendance = Attendance.ATTENDED
    registrations[4].attendance = Attendance.NO_SHOW
    db.session.commit()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TRAINER, Role.TRANSLATOR])
def test_reports_are_for_admins_only(client, role):
    make_user(username="someone", role=role)
    sign_in(client, "someone")
    assert client.get("/en/admin/reports/").status_code == 403
    assert client.get("/en/admin/reports/courses.csv").status_code == 403


def test_a_city_admin_sees_their_citys_numbers_only(client, history):
    make_city_admin()
    sign_in(client, "willi")
    html = client.get("/en/admin/reports/?city=darmstadt").get_data(as_text=True)
    month = utcnow().strftime("%m/%y")
    # This month's row: 5 enrolled, 3 completed; 1 seminar, 10 seats, 5 taken, 4 came, 1 did not.
    row = html[html.index(f'<th scope="row">{month}</th>') :].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == ["5", "3", "1", "10", "5", "50%", "0", "4", "1", "20%"]
    assert 'name="city"' not in html  # a city admin cannot look at another city
    course = html[html.index("Booking") if "Booking" in html else html.index("<h2>Courses</h2>") :]
    assert "<td>Arabic</td>" in course or "<td>العربية</td>" in course


def test_drop_off_shows_where_learners_stop(client, history):
    make_city_admin()
    sign_in(client, "willi")
    response = client.get("/en/admin/reports/drop-off.csv")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0] == ["Course", "Lesson", "Finished this lesson", "Stopped after this lesson"]
    steps = [(row[2], row[3]) for row in rows[1:]]
    # 5 learners finished lessons 1 and 2; the 2 who have not completed stopped after lesson 2.
    assert steps == [("5", "0"), ("5", "2"), ("3", "0"), ("3", "0"), ("3", "0")]


def test_a_global_admin_chooses_the_city_or_sees_all(client, history):
    make_user(username="anna", role=Role.ADMIN)
    sign_in(client, "anna")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/admin/reports/courses.csv").get_data(as_text=True).lstrip("\ufeff")
            ),
            delimiter=";",
        )
    )
    assert rows[1][2:4] == ["9", "3"]  # every city: 9 enrolled, 3 completed
    darmstadt = client.get("/en/admin/reports/courses.csv?city=darmstadt").get_data(as_text=True)
    assert ";4;0;0%" in darmstadt  # English: "0%"


def test_charts_are_svg_with_a_text_alternative_and_no_script(client, history):
    make_city_admin()
    sign_in(client, "willi")
    html = client.get("/de/admin/reports/?months=3").get_data(as_text=True)
    assert html.count('<svg class="chart__svg"') == 2  # learning, seminar seats
    assert 'role="img" aria-labelledby="chart-learning-title chart-learning-desc"' in html
    assert '<figcaption id="chart-learning-title">' in html
    assert html.count("<tr>") >= 4  # three months, and the header


def test_deleted_accounts_still_count_in_reports(client, history):
    from app.accounts.privacy import delete_account
    from app.models import User

    make_city_admin()
    sign_in(client, "willi")
    before = client.get("/en/admin/reports/months.csv").get_data(as_text=True)
    delete_account(db.session.scalar(select(User).where(User.username == "w0")))
    db.session.commit()
    assert client.get("/en/admin/reports/months.csv").get_data(as_text=True) == before


def test_the_course_tables_come_a_page_of_courses_at_a_time(client, monkeypatch):
    from app.reports import views as report_views

    monkeypatch.setattr(report_views, "COURSES_PER_PAGE", 1)
    for slug, prefix in (("online-termin", "t"), ("online-ausweis", "a")):
        detail = course_detail(slug, ["de"])
        user = make_user(username=f"{prefix}1", language="de")
        learn.enroll(user, detail.course)
        learn.mark_done(user, detail.lessons[0].lesson)
    db.session.commit()
    make_user(username="gina", role=Role.ADMIN)
    sign_in(client, "gina")
    first = client.get("/en/admin/reports/").get_data(as_text=True)
    second = client.get("/en/admin/reports/?page=2").get_data(as_text=True)
    assert "Courses 1 to 1 of 2, in alphabetical order" in first
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    titles = [course_detail(s, ["en"]).text.title for s in ("online-ausweis", "online-termin")]
    first_title, second_title = sorted(titles, key=str.casefold)
    # The course table and the drop-off table show the same course on each page.
    assert first.count(first_title) >= 2 and second_title not in first.split("<h2>Courses</h2>")[1]
    assert second.count(second_title) >= 2
    every = client.get("/en/admin/reports/courses.csv").get_data(as_text=True)
    assert first_title in every and second_title in every


def test_practice_steps_show_where_residents_needed_a_hint(client):
    from app.learn import practising
    from app.models import Practice

    practice = db.session.scalar(select(Practice).where(Practice.slug == "uebung-termin-buchen"))

    def runs(city_slug: str, screen: str, tried: int, hinted: int) -> None:
        for number in range(tried):
            practising.count_screen(
                practice.id, screen, city_slug, first_try=True, first_wrong=number < hinted,
                done=True,
            )  # fmt: skip

    runs("wiesbaden", "dienst", 10, 2)
    runs("wiesbaden", "termin", 8, 6)  # the month grid confuses
    runs("wiesbaden", "daten", 8, 1)
    runs("darmstadt", "daten", 9, 9)  # another city's residents do not count for Wiesbaden
    db.session.commit()
    make_city_admin()
    sign_in(client, "willi")
    html = client.get("/en/admin/reports/").get_data(as_text=True)
    section = html[html.index("Where practices confuse") :]
    assert "most hints at step 3 (75%)" in section
    response = client.get("/en/admin/reports/practices.csv")
    rows = list(
        csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert rows[0][2:] == ["Step", "Tried", "Needed a hint", "Share that needed a hint"]
    figures = {row[2].split(".")[0]: (row[3], row[4]) for row in rows[1:]}
    assert figures["1"] == ("10", "2")
    assert figures["3"] == ("8", "6")
    assert figures["4"] == ("8", "1")
    assert figures["2"] == ("0", "0")


def test_learning_groups_per_month_count_what_members_did_in_the_groups_courses(client):
    from app.groups import services as groups
    from app.learn import practising
    from app.models import Course, Practice
    from tests.factories import make_helper

    detail = course_detail("online-termin", ["de"])
    helper = make_helper("hanna", "wiesbaden")
    other = make_helper("dora", "darmstadt")
    group = groups.create_group(helper, groups.GroupData("Lerncafé", [detail.course.id]))
    groups.create_group(other, groups.GroupData("Anderswo", [detail.course.id]))
    members = [make_user(username=f"g{n}") for n in range(3)]
    early = make_user(username="early")
    # Done before joining: not counted as done in the group.
    learn.mark_done(early, detail.lessons[0].lesson)
    for member in [*members, early]:
        groups.join(member, group)
    for member in members:
        learn.mark_done(member, detail.lessons[0].lesson)
        learn.mark_done(member, detail.lessons[1].lesson)
    practice = db.session.scalar(select(Practice).where(Practice.course_id == detail.course.id))
    practising.complete(members[0], practice)
    # A lesson of a course the group does not work on does not count.
    other_course = db.session.scalar(select(Course).where(Course.slug == "sicher-online"))
    learn.mark_done(members[0], course_detail(other_course.slug, ["de"]).lessons[0].lesson)
    db.session.commit()

    make_city_admin("willi", "wiesbaden")
    sign_in(client, "willi")
    html = client.get("/en/admin/reports/").get_data(as_text=True)
    section = html[html.index('id="groups-title"') :]
    month = utcnow().strftime("%m/%y")
    row = section[section.index(f'<th scope="row">{month}</th>') :].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    # 1 group started (Darmstadt's is not Wiesbaden's), 4 joined, 6 lessons, 1 practice.
    assert cells == ["1", "1", "4", "6", "1"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/en/admin/reports/groups.csv").get_data(as_text=True).lstrip("\ufeff")
            ),
            delimiter=";",
        )
    )
    assert rows[-1] == [utcnow().strftime("%Y-%m"), "1", "1", "4", "6", "1"]
