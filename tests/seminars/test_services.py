"""Seminar rules without HTTP: seats, waitlists, the last seat under load, trainers' limits."""

from __future__ import annotations

import contextlib
import threading
from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, Registration, RegistrationStatus, Seminar, User, utcnow
from app.seminars import services
from tests.factories import data_for, make_seminar, make_trainer, make_user, make_venue


@contextlib.contextmanager
def refused(match: str):
    """Expect a SeminarError whose message, in English, contains *match*."""
    with pytest.raises(services.SeminarError) as excinfo:
        yield
    with force_locale("en"):
        assert match in str(excinfo.value.message)


CONFIRMED, WAITLISTED, CANCELLED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


def statuses(seminar) -> list[RegistrationStatus]:
    return list(
        db.session.scalars(
            select(Registration.status)
            .where(Registration.seminar_id == seminar.id)
            .order_by(Registration.id)
        )
    )


def test_a_seat_while_seats_are_free_then_the_waitlist(seminar):
    seminar.capacity = 2
    db.session.commit()
    for index in range(3):
        services.register(seminar.id, user=make_user(username=f"person{index}"))
    db.session.commit()
    assert statuses(seminar) == [CONFIRMED, CONFIRMED, WAITLISTED]


def test_registering_twice_is_impossible(seminar):
    user = make_user()
    services.register(seminar.id, user=user)
    db.session.commit()
    with refused("already registered"):
        services.register(seminar.id, user=user)
    db.session.rollback()
    assert len(statuses(seminar)) == 1


def test_registration_closes_when_the_seminar_starts(seminar):
    with refused("already started"):
        services.register(seminar.id, user=make_user(), now=seminar.starts_at)


def test_cancelling_moves_the_first_waitlisted_person_up_and_tells_them(seminar):
    seminar.capacity = 1
    db.session.commit()
    first = services.register(seminar.id, user=make_user(username="erste"))
    second = services.register(
        seminar.id, user=make_user(username="zweite", email="zweite@example.org")
    )
    third = services.register(seminar.id, user=make_user(username="dritte"))
    db.session.commit()
    promoted = services.cancel_registration(first.id)
    db.session.commit()
    assert [r.id for r in promoted] == [second.id]
    assert statuses(seminar) == [CANCELLED, CONFIRMED, WAITLISTED]
    assert services.waitlist_position(third) == 1
    keys = set(db.session.scalars(select(OutboxMessage.idempotency_key)))
    assert f"moved_up:{second.id}" in keys


def test_cancelling_twice_changes_nothing(seminar):
    registration = services.register(seminar.id, user=make_user())
    db.session.commit()
    services.cancel_registration(registration.id)
    assert services.cancel_registration(registration.id) == []
    db.session.commit()
    assert statuses(seminar) == [CANCELLED]


def test_guests_hold_seats_like_everyone_else(seminar):
    seminar.capacity = 1
    db.session.commit()
    guest = services.register(seminar.id, guest_name="Herr Özdemir", guest_phone="069 123456")
    learner = services.register(seminar.id, user=make_user())
    assert (guest.status, learner.status) == (CONFIRMED, WAITLISTED)


def _register_in_thread(app, seminar_id: int, user_id: int, barrier, errors: list) -> None:
    with app.app_context():
        try:
            barrier.wait()
            services.register(seminar_id, user=db.session.get(User, user_id))
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            db.session.remove()


def test_fifty_people_at_once_for_ten_seats(app, seminar):
    seminar.capacity = 10
    db.session.commit()
    users = [make_user(username=f"rush{index:02d}") for index in range(50)]
    barrier = threading.Barrier(50)
    errors: list = []
    threads = [
        threading.Thread(
            target=_register_in_thread, args=(app, seminar.id, user.id, barrier, errors)
        )
        for user in users
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()
    result = statuses(seminar)
    # Nothing lost, exactly ten seats, and seats went to the first ten in arrival order.
    assert len(result) == 50
    assert result == [CONFIRMED] * 10 + [WAITLISTED] * 40
    # Cancelling three seats promotes the first three on the waitlist, in order.
    registrations = db.session.scalars(
        select(Registration).where(Registration.seminar_id == seminar.id).order_by(Registration.id)
    ).all()
    for registration in registrations[:3]:
        services.cancel_registration(registration.id)
    db.session.commit()
    assert statuses(seminar) == [CANCELLED] * 3 + [CONFIRMED] * 10 + [WAITLISTED] * 37


def test_a_weekly_series_keeps_the_local_time_across_the_clock_change(trainer):
    venue = make_venue()
    # Four Saturdays from mid-October: the clocks go back on the last Sunday of October.
    today = utcnow().astimezone(services.BERLIN).date()
    year = today.year + 1
    data = data_for(venue, day=date(year, 10, 10), start=time(10), end=time(12))
    seminars = services.create_seminars(trainer, data, repeat_weeks=4, now=utcnow())
    db.session.commit()
    local = [s.starts_at.astimezone(services.BERLIN) for s in seminars]
    assert [(d.hour, d.minute) for d in local] == [(10, 0)] * 4
    assert [d.date() for d in local] == [date(year, 10, 10) + timedelta(weeks=w) for w in range(4)]
    assert len({s.series for s in seminars}) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": time(12), "end": time(10)}, "must end after it starts"),
        ({"days": -1}, "must start in the future"),
        ({"capacity": 0}, "at least one seat"),
        ({"capacity": -5}, "at least one seat"),
    ],
)
def test_bad_seminar_data_is_refused_and_changes_nothing(trainer, overrides, message):
    venue = make_venue()
    days = overrides.pop("days", 5)
    with refused(message):
        services.create_seminars(trainer, data_for(venue, days=days, **overrides))
    db.session.rollback()
    assert db.session.scalar(select(func.count(Seminar.id))) == 0


def test_a_trainer_cannot_touch_another_citys_seminar():
    wiesbaden_trainer = make_trainer(username="wiebke", city_slug="wiesbaden")
    darmstadt = make_seminar(make_venue("darmstadt", town="Darmstadt", postcode="64283"))
    with pytest.raises(services.NotAllowed):
        services.cancel_seminar(wiesbaden_trainer, darmstadt.id)
    with pytest.raises(services.NotAllowed):
        services.create_seminars(wiesbaden_trainer, data_for(darmstadt.venue))
    db.session.rollback()
    db.session.refresh(darmstadt)
    assert not darmstadt.is_cancelled


def test_changing_the_time_tells_everyone_registered(trainer, seminar):
    with_mail = make_user(username="mit", email="mit@example.org", language="tr")
    services.register(seminar.id, user=with_mail)
    services.register(seminar.id, user=make_user(username="ohne"))
    db.session.commit()
    data = data_for(seminar.venue, days=6, title=seminar.title, capacity=seminar.capacity)
    services.update_seminar(trainer, seminar.id, data)
    db.session.commit()
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.idempotency_key.like("changed:%"))
    ).all()
    assert [m.to_address for m in messages] == ["mit@example.org"]
    assert messages[0].language == "tr"
    assert seminar.title in messages[0].subject


def test_capacity_cannot_drop_below_the_seats_taken(trainer, seminar):
    for index in range(3):
        services.register(seminar.id, user=make_user(username=f"p{index}"))
    db.session.commit()
    with refused("at least that many seats"):
        services.update_seminar(trainer, seminar.id, data_for(seminar.venue, capacity=2))


def test_cancelling_a_seminar_tells_everyone_and_keeps_the_records(trainer, seminar):
    registration = services.register(seminar.id, user=make_user(email="a@example.org"))
    db.session.commit()
    services.cancel_seminar(trainer, seminar.id)
    db.session.commit()
    assert seminar.is_cancelled
    assert db.session.get(Registration, registration.id).status is CONFIRMED
    assert f"cancelled:{registration.id}" in set(
        db.session.scalars(select(OutboxMessage.idempotency_key))
    )


def test_reminders_for_tomorrow_are_queued_once(seminar):
    tomorrow_ten = (utcnow().astimezone(services.BERLIN) + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    seminar.starts_at, seminar.ends_at = tomorrow_ten, tomorrow_ten + timedelta(hours=2)
    db.session.commit()
    services.register(seminar.id, user=make_user(email="r@example.org"))
    db.session.commit()
    assert services.queue_reminders() == 1
    db.session.commit()
    assert services.queue_reminders() == 0
