"""Learning groups through HTTP: a trainer or helper makes a group, residents join with the code
and agree, the leaders see progress; nobody else sees anything, and leaving ends it at once."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.groups import services
from app.models import GroupMember, LearningGroup, Practice, Role
from tests.factories import (
    PASSWORD,
    city,
    make_city_admin,
    make_helper,
    make_trainer,
    make_user,
)
from tests.web import csrf_token, sign_in

COURSE = "online-termin"
LESSON = "anliegen-waehlen"
#: Its one self-check: option 1 is right.
WRONG, RIGHT = "0", "1"


def course_id(slug: str = COURSE) -> int:
    from app.models import Course

    return db.session.scalar(select(Course.id).where(Course.slug == slug))


def post(client, url: str, data: dict | None = None, **kwargs):
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def make_group(client, name: str = "Digitale Sprechstunde", courses=(COURSE,)) -> LearningGroup:
    """Made through the form, by whoever *client* is signed in as."""
    response = post(
        client,
        "/de/trainer/groups/new",
        {
            "name": name,
            "courses": [str(course_id(slug)) for slug in courses],
            "meets": "Dienstags 10 bis 12 Uhr, Stadtbücherei",
            "seminar": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(LearningGroup).where(LearningGroup.name == name))


def join(client, group: LearningGroup, typed: str | None = None):
    """Type the code (as someone might: lower case, with a space), then say yes."""
    code = typed or f"{group.code[:3].lower()} {group.code[3:].lower()}"
    found = post(client, "/de/join", {"code": code})
    assert found.status_code == 302
    assert found.headers["Location"].endswith(f"/de/join/{group.code}")
    consent_page = client.get(found.headers["Location"]).get_data(as_text=True)
    assert "Was die Leitung der Gruppe sieht" in consent_page or "What the people" in consent_page
    return post(client, f"/de/join/{group.code}")


def answer(client, choice: str, lesson: str = LESSON):
    return post(client, f"/de/courses/{COURSE}/{lesson}/checks/1", {"answer": choice})


@pytest.fixture
def group(client):
    make_trainer(display_name="Tara Trainerin")
    sign_in(client, "tara")
    made = make_group(client)
    client.get("/")  # keep the session; sign out below
    post(client, "/de/account/sign-out")
    return made


def test_a_code_is_easy_to_read_aloud_and_type():
    code = services.new_code()
    assert len(code) == 6
    assert not set(code) & set("0O1IlL")
    assert services.normalise_code(" kdf-7qm ") == "KDF7QM"


def test_joining_needs_a_yes_and_the_leader_then_sees_progress(client, group):
    learner = make_user(display_name="Maria Musterfrau")
    sign_in(client, "maria")
    answer(client, WRONG)
    answer(client, WRONG)
    answer(client, RIGHT)
    post(client, f"/de/courses/{COURSE}/{LESSON}/done")

    # Before joining, the group's page and the code say what will be shared; nothing is shared.
    consent = client.get(f"/de/join/{group.code}").get_data(as_text=True)
    assert "Nicht, was Sie geantwortet haben." in consent or "Not what you answered." in consent
    assert db.session.scalar(select(GroupMember).where(GroupMember.user_id == learner.id)) is None

    joined = join(client, group)
    assert joined.status_code == 302
    mine = client.get("/de/my-groups/").get_data(as_text=True)
    assert "Digitale Sprechstunde" in mine

    post(client, "/de/account/sign-out")
    sign_in(client, "tara")
    page = client.get(f"/de/trainer/groups/{group.id}/").get_data(as_text=True)
    assert "Maria Musterfrau" in page
    row = page[page.index("Maria Musterfrau") :]
    assert "erledigt" in row or "done" in row
    # The self-check with two wrong answers is where she got stuck; her answers are not shown.
    stuck = page[page.index('id="stuck"') :]
    assert "Sie sind mit Ihrem Partner umgezogen" in stuck
    assert "Die Anmeldung nur für eine Person" not in page


def test_an_invited_person_shows_nothing_until_they_agree(client, group):
    make_user(username="ali", display_name="Ali Yilmaz")
    sign_in(client, "ali")
    post(client, f"/de/courses/{COURSE}/{LESSON}/done")
    post(client, "/de/account/sign-out")

    sign_in(client, "tara")
    invited = post(client, f"/de/trainer/groups/{group.id}/invite", {"invite-username": "Ali"})
    assert invited.status_code == 302
    page = client.get(f"/de/trainer/groups/{group.id}/").get_data(as_text=True)
    assert "Ali Yilmaz" in page
    assert 'class="progress-table"' not in page  # nobody agreed yet: no progress at all
    csv = client.get(f"/de/trainer/groups/{group.id}/progress.csv").get_data(as_text=True)
    assert "Ali Yilmaz" not in csv
    post(client, "/de/account/sign-out")

    sign_in(client, "ali")
    courses = client.get("/de/my/").get_data(as_text=True)
    assert 'href="/de/my-groups/"' in courses
    post(client, f"/de/join/{group.code}")
    post(client, "/de/account/sign-out")

    sign_in(client, "tara")
    page = client.get(f"/de/trainer/groups/{group.id}/").get_data(as_text=True)
    assert 'class="progress-table"' in page
    csv = client.get(f"/de/trainer/groups/{group.id}/progress.csv").get_data(as_text=True)
    assert "Ali Yilmaz" in csv


def test_leaving_removes_everything_from_the_leaders_view_at_once(client, group):
    make_user()
    sign_in(client, "maria")
    post(client, f"/de/courses/{COURSE}/{LESSON}/done")
    join(client, group)
    left = post(client, f"/de/my-groups/{group.id}/leave")
    assert left.status_code == 302
    assert "Digitale Sprechstunde" not in client.get("/de/my-groups/").get_data(as_text=True)
    post(client, "/de/account/sign-out")

    sign_in(client, "tara")
    page = client.get(f"/de/trainer/groups/{group.id}/").get_data(as_text=True)
    assert "Maria Musterfrau" not in page
    csv = client.get(f"/de/trainer/groups/{group.id}/progress.csv").get_data(as_text=True)
    assert "Maria Musterfrau" not in csv


def test_deleting_the_account_removes_it_from_every_group(client, group):
    make_user()
    sign_in(client, "maria")
    join(client, group)
    post(client, "/de/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert db.session.scalar(select(GroupMember)) is None


GROUP_PAGES = ("/", "edit", "sheet", "progress.csv", "delete")


@pytest.mark.parametrize(
    "outsider",
    [
        lambda: make_trainer("otto"),  # same city, not running the group
        lambda: make_helper("hugo", "darmstadt"),
        lambda: make_city_admin("willi", "wiesbaden"),  # another city's admin
        lambda: make_user(username="lena"),  # a learner
    ],
)
def test_nobody_else_sees_a_group(client, group, outsider):
    person = outsider()
    sign_in(client, person.username)
    for page in GROUP_PAGES:
        address = f"/de/trainer/groups/{group.id}/{'' if page == '/' else page}"
        assert client.get(address).status_code in (403, 404), address
    assert post(
        client, f"/de/trainer/groups/{group.id}/invite", {"invite-username": "x"}
    ).status_code in (403, 404)
    listing = client.get("/de/trainer/groups/")
    assert "Digitale Sprechstunde" not in listing.get_data(as_text=True)


def test_the_city_admin_sees_the_citys_groups(client, group):
    make_city_admin("fritz", "frankfurt")
    sign_in(client, "fritz")
    assert "Digitale Sprechstunde" in client.get("/de/trainer/groups/").get_data(as_text=True)
    assert client.get(f"/de/trainer/groups/{group.id}/").status_code == 200


def test_a_helper_runs_groups_but_never_sees_seminars(client):
    make_helper(display_name="Hanna Helferin")
    sign_in(client, "hanna")
    made = make_group(client, "Lerncafé")
    assert made.city_id == city("frankfurt").id
    assert client.get(f"/de/trainer/groups/{made.id}/").status_code == 200
    assert client.get("/de/trainer/seminars/").status_code == 403
    assert client.get("/de/trainer/seminars/new").status_code == 403
    nav = client.get("/de/").get_data(as_text=True)
    assert 'href="/de/trainer/groups/"' in nav
    assert 'href="/de/trainer/seminars/"' not in nav


def test_a_second_leader_sees_the_group_and_the_last_cannot_leave(client, group):
    make_helper(display_name="Hanna Helferin")
    sign_in(client, "tara")
    assert (
        post(
            client, f"/de/trainer/groups/{group.id}/leaders", {"leader-username": "hanna"}
        ).status_code
        == 302
    )
    trainer_id = group.leaders[0].user_id
    post(client, "/de/account/sign-out")
    sign_in(client, "hanna")
    assert client.get(f"/de/trainer/groups/{group.id}/").status_code == 200
    post(client, f"/de/trainer/groups/{group.id}/leaders/{trainer_id}/remove")
    own_id = db.session.scalar(select(LearningGroup.id))
    page = client.get(f"/de/trainer/groups/{own_id}/")
    assert page.status_code == 200
    # Hanna is the only one left: she cannot stop running it, only delete it.
    hanna_id = db.session.scalar(select(services.GroupLeader.user_id))
    post(client, f"/de/trainer/groups/{group.id}/leaders/{hanna_id}/remove", follow_redirects=True)
    assert client.get(f"/de/trainer/groups/{group.id}/").status_code == 200


def test_a_wrong_code_is_said_clearly_and_kept(client, group):
    response = post(client, "/de/join", {"code": "xyz 999"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (
        "Es gibt keine Gruppe mit diesem Code" in html or "There is no group with this code" in html
    )
    assert 'value="xyz 999"' in html
    assert "<title>Fehler:" in html or "<title>Error:" in html


def test_a_visitor_sees_what_is_shared_and_is_asked_to_sign_in(client, group):
    page = client.get(f"/de/join/{group.code}").get_data(as_text=True)
    assert "Digitale Sprechstunde" in page
    assert f"next=/de/join/{group.code}" in page.replace("%2F", "/")
    assert post(client, f"/de/join/{group.code}").status_code == 403
    assert client.get("/de/join/AAAAAA").status_code == 404


def test_a_new_code_ends_the_old_one(client, group):
    old = group.code
    sign_in(client, "tara")
    post(client, f"/de/trainer/groups/{group.id}/code")
    db.session.refresh(group)
    assert group.code != old
    assert client.get(f"/de/join/{old}").status_code == 404


def test_the_progress_csv_has_a_line_per_member_and_step(client, group):
    from app.learn import practising

    maria = make_user()
    sign_in(client, "maria")
    join(client, group)
    post(client, f"/de/courses/{COURSE}/{LESSON}/done")
    post(client, "/de/account/sign-out")
    practice = db.session.scalar(select(Practice).where(Practice.course_id == course_id()))
    for _ in range(2):
        practising.record_try(maria, practice.id, "dienst", done=False)
    db.session.commit()

    sign_in(client, "tara")
    csv = client.get(f"/de/trainer/groups/{group.id}/progress.csv").get_data(as_text=True)
    lines = [line for line in csv.splitlines()[1:] if line]
    assert len(lines) == 6  # five lessons and one practice
    assert any("Ihr Anliegen auswählen;erledigt;" in line for line in lines)
    assert any("Üben: Einen Termin" in line and ";begonnen;;true" in line for line in lines)
    page = client.get(f"/de/trainer/groups/{group.id}/").get_data(as_text=True)
    stuck = page[page.index('id="stuck"') :]
    assert "Dienstleistung wählen" in stuck


def test_groups_form_keeps_what_was_typed(client):
    make_trainer(display_name="Tara Trainerin")
    sign_in(client, "tara")
    response = post(
        client, "/de/trainer/groups/new", {"name": "Lerncafé", "meets": "Mittwochs", "seminar": ""}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Lerncafé"' in html and 'value="Mittwochs"' in html
    assert re.search(r'href="#courses-0"', html)


def test_city_admins_appoint_and_dismiss_helpers(client):
    make_city_admin("fritz", "frankfurt")
    make_user(username="vera")
    sign_in(client, "fritz")
    post(client, "/de/admin/staff/", {"username": "vera", "role": Role.HELPER.value})
    from app.models import User

    vera = db.session.scalar(select(User).where(User.username == "vera"))
    db.session.refresh(vera)
    assert vera.role is Role.HELPER and vera.city_id == city("frankfurt").id
    post(client, f"/de/admin/staff/{vera.id}/dismiss")
    db.session.refresh(vera)
    assert vera.role is Role.LEARNER


def test_the_group_page_asks_the_same_number_of_queries_for_any_number_of_members(
    client, group, count_queries
):
    from app.learn import practising

    sign_in(client, "tara")
    address = f"/de/trainer/groups/{group.id}/"

    def add_members(names):
        for name in names:
            member = make_user(username=name, display_name=name.title())
            services.join(member, group)
            post_done = db.session.scalar(select(Practice).where(Practice.course_id == course_id()))
            practising.record_try(member, post_done.id, "dienst", done=False)
        db.session.commit()

    add_members(["anna", "ben"])
    client.get(address)
    with count_queries() as two:
        assert client.get(address).status_code == 200
    add_members(["cem", "dana", "emil", "fatma"])
    with count_queries() as six:
        assert client.get(address).status_code == 200
    # user, content revision, the group (with its city), its courses, its leaders, the members,
    # and their progress: lessons done, practices finished, practice steps, self-check answers.
    assert two.count == six.count <= 10, six.statements


def test_the_personal_data_export_lists_groups_and_consent(client, group):
    make_user()
    sign_in(client, "maria")
    join(client, group)
    data = client.get("/de/account/my-data.json").get_json()
    [membership] = data["learning_groups"]
    assert membership["group"] == "Digitale Sprechstunde" and membership["city"] == "frankfurt"
    assert membership["agreed_at"] is not None and membership["added_by_a_leader"] is False
    post(client, "/de/account/sign-out")
    sign_in(client, "tara")
    runs = client.get("/de/account/my-data.json").get_json()["learning_groups_you_run"]
    assert runs == [{"group": "Digitale Sprechstunde", "city": "frankfurt"}]


def test_the_privacy_notice_says_what_leaders_see(client):
    html = client.get("/de/privacy").get_data(as_text=True)
    assert 'href="/de/my-groups/"' in html


def test_a_refused_person_is_said_next_to_the_field_with_what_was_typed(client, group):
    make_user(username="lena")
    sign_in(client, "tara")
    response = post(client, f"/de/trainer/groups/{group.id}/leaders", {"leader-username": "lena"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="lena"' in html
    assert 'id="leader-username-error"' in html and 'href="#leader-username"' in html
    response = post(client, f"/de/trainer/groups/{group.id}/invite", {"invite-username": "niemand"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="niemand"' in html
    assert 'id="invite-username-error"' in html and "<title>Fehler:" in html
