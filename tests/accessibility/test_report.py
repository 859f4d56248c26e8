"""'Report a barrier': linked from every page, prefilled, works without an account, reaches admins."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import BarrierReport, OutboxMessage, Role
from tests.factories import PASSWORD, make_user
from tests.web import csrf_token


def test_every_page_links_to_the_report_form_with_its_own_address(client):
    html = client.get("/fa/courses/online-termin/").get_data(as_text=True)
    assert 'href="/fa/report-a-barrier?page=/fa/courses/online-termin/"' in html


def test_the_form_is_prefilled_with_the_page_and_refuses_other_sites(client):
    html = client.get("/en/report-a-barrier?page=/en/seminars/").get_data(as_text=True)
    assert 'value="/en/seminars/"' in html
    other = client.get("/en/report-a-barrier?page=https://evil.example/").get_data(as_text=True)
    # The address stays in the language links (the same page in other languages), not in the form.
    form = other[other.index("<form") : other.index("</form>")]
    assert "evil.example" not in form


def test_a_report_without_an_account_reaches_every_admin_with_an_address(client):
    make_user(username="admin1", role=Role.ADMIN, email="admin1@example.org", language="de")
    make_user(username="admin2", role=Role.ADMIN)  # no address: sees the list instead
    response = client.post(
        "/ar/report-a-barrier",
        data={
            "page": "/ar/seminars/",
            "message": "زر التسجيل لا يعمل بلوحة المفاتيح",
            "contact": "0611 123456",
            "csrf_token": csrf_token(client, "/ar/report-a-barrier"),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    report = db.session.scalar(select(BarrierReport))
    assert (report.page, report.language, report.contact) == ("/ar/seminars/", "ar", "0611 123456")
    [mail] = db.session.scalars(select(OutboxMessage)).all()
    assert mail.to_address == "admin1@example.org" and mail.language == "de"
    assert "زر التسجيل" in mail.body and "/ar/seminars/" in mail.body


def test_an_empty_report_is_explained_and_keeps_the_page(client):
    response = client.post(
        "/en/report-a-barrier",
        data={
            "page": "/en/",
            "message": "",
            "csrf_token": csrf_token(client, "/en/report-a-barrier"),
        },
    )
    html = response.get_data(as_text=True)
    assert "Describe the barrier, so that we can remove it" in html
    assert 'value="/en/"' in html
    assert db.session.scalar(select(BarrierReport)) is None


def test_only_admins_read_the_reports(client):
    make_user(username="lea")
    client.post(
        "/en/account/sign-in",
        data={"username": "lea", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert client.get("/en/admin/barrier-reports").status_code == 403
    client.post("/en/account/sign-out", data={"csrf_token": csrf_token(client)})
    make_user(username="boss", role=Role.ADMIN)
    client.post(
        "/en/account/sign-in",
        data={"username": "boss", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert "Barrier reports" in client.get("/en/admin/barrier-reports").get_data(as_text=True)
