"""The outbox and `flask seminars send-mail`, against a real SMTP server on this machine."""

from __future__ import annotations

import socket
import threading
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, utcnow
from app.seminars import services
from app.seminars.sending import SMTPBackend, send_pending
from tests.factories import make_user


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def smtp_settings(app, smtp_server):
    controller, _inbox = smtp_server
    saved = {key: app.config[key] for key in ("MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT")}
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    yield app.config
    app.config.update(saved)


def test_send_mail_delivers_each_message_once(runner, smtp_settings, smtp_server, seminar):
    _controller, inbox = smtp_server
    services.register(seminar.id, user=make_user(email="lea@example.org", language="en"))
    db.session.commit()
    first = runner.invoke(args=["seminars", "send-mail"])
    second = runner.invoke(args=["seminars", "send-mail"])
    assert "1 sent, 0 failed" in first.output
    assert "0 sent, 0 failed" in second.output
    [message] = inbox.messages
    assert message["To"] == "lea@example.org"
    assert message["Subject"] == f"Your seat is booked: {seminar.title}"
    assert message["Content-Language"] == "en"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert seminar.venue.address in body
    assert f"/en/seminars/{seminar.id}/" in body


def test_every_e_mail_is_dated_and_a_seat_comes_with_its_calendar_file(
    runner, smtp_settings, smtp_server, seminar
):
    _controller, inbox = smtp_server
    seminar.capacity = 1
    db.session.commit()
    services.register(seminar.id, user=make_user(email="lea@example.org", language="en"))
    services.register(seminar.id, user=make_user(username="tom", email="tom@example.org"))
    db.session.commit()
    runner.invoke(args=["seminars", "send-mail"])
    by_address = {message["To"]: message for message in inbox.messages}
    for message in by_address.values():
        # RFC 5322 requires a Date; a parsed header gives an aware datetime.
        assert message["Date"].datetime.tzinfo is not None
    seat = by_address["lea@example.org"]
    [attachment] = list(seat.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "seminar.ics"
    assert attachment.get_param("method") == "PUBLISH"
    ics = attachment.get_content()
    assert "METHOD:PUBLISH" in ics and f"UID:seminar-{seminar.id}@" in ics
    assert "Europe/Berlin" in ics
    # A waitlist place is no appointment yet: no calendar file.
    assert list(by_address["tom@example.org"].iter_attachments()) == []


def test_a_failed_delivery_keeps_the_error_and_is_retried_later(app, smtp_server, seminar):
    services.register(seminar.id, user=make_user(email="lea@example.org"))
    db.session.commit()
    closed = {
        **app.config,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": free_port(),
        "SMTP_SECURITY": "none",
    }
    report = send_pending(SMTPBackend(closed))
    assert (report.sent, report.failed) == (0, 1)
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.sent_at is None and message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    # Not before its pause is over; then it goes out.
    controller, inbox = smtp_server
    working = {**closed, "SMTP_PORT": controller.port}
    assert send_pending(SMTPBackend(working)).sent == 0
    assert send_pending(SMTPBackend(working), now=utcnow() + timedelta(hours=1)).sent == 1
    assert len(inbox.messages) == 1


def test_two_senders_at_the_same_moment_send_nothing_twice(app, smtp_server, seminar):
    controller, inbox = smtp_server
    seminar.capacity = 30
    db.session.commit()
    for index in range(20):
        services.register(
            seminar.id, user=make_user(username=f"m{index}", email=f"m{index}@example.org")
        )
    db.session.commit()
    config = {
        **app.config,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": controller.port,
        "SMTP_SECURITY": "none",
    }
    barrier = threading.Barrier(2)

    def sender():
        with app.app_context():
            barrier.wait()
            send_pending(SMTPBackend(config), limit=20)
            db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = sorted(message["To"] for message in inbox.messages)
    assert recipients == sorted(f"m{index}@example.org" for index in range(20))


def test_learners_without_email_and_guests_get_no_mail(seminar):
    services.register(seminar.id, user=make_user())
    services.register(seminar.id, guest_name="Herr Kaya", guest_phone="069 111111")
    db.session.commit()
    assert db.session.scalar(select(OutboxMessage)) is None


def test_development_prints_mail_instead_of_sending(runner, seminar):
    services.register(seminar.id, user=make_user(email="dev@example.org", language="de"))
    db.session.commit()
    result = runner.invoke(args=["seminars", "send-mail"])
    assert "To: dev@example.org" in result.output
    assert "1 sent, 0 failed" in result.output


def test_mail_is_in_the_recipients_language(seminar):
    registration = services.register(
        seminar.id, user=make_user(email="a@example.org", language="ar")
    )
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    assert message.language == "ar"
    assert seminar.title in message.subject
    assert not message.subject.startswith("Your seat is booked")
    assert "Hello" not in message.body and "When:" not in message.body
    assert registration.name in message.body


class FlakyBackend:
    """Fails on the first message with an error no SMTP library would raise."""

    def __init__(self) -> None:
        self.calls = 0
        self.sent = []

    def send(self, message) -> None:
        self.calls += 1
        if self.calls == 1:
            raise ValueError("a header with a line break")
        self.sent.append(message)


def test_one_broken_message_does_not_stop_the_others(seminar):
    for index in range(3):
        services.register(
            seminar.id, user=make_user(username=f"u{index}", email=f"u{index}@example.org")
        )
    db.session.commit()
    backend = FlakyBackend()
    report = send_pending(backend)
    assert (report.sent, report.failed) == (2, 1)
    failed = db.session.scalar(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    db.session.refresh(failed)
    assert (
        failed.attempts == 1 and "ValueError" in failed.last_error and failed.claimed_until is None
    )


def test_message_id_is_the_same_on_every_attempt(seminar):
    from app.seminars.sending import as_email

    services.register(seminar.id, user=make_user(email="x@example.org"))
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    first = as_email(message, "Lernlotse <noreply@lernlotse.example>")["Message-ID"]
    second = as_email(message, "Lernlotse <noreply@lernlotse.example>")["Message-ID"]
    assert first == second == f"<lernlotse-outbox-{message.id}@lernlotse.example>"
