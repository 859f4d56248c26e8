"""Judging a practice screen (app/learn/practising.py): right, wrong, missing, taken, and where
the learner goes next — on screens as the importer stores them."""

from __future__ import annotations

import pytest

from app.content.practice import parse_practice, stored_screens
from app.learn.practising import Mistake, judge, next_screen
from app.learn.progress import finished_practices
from tests.content.test_practice import BOOKING

SCREENS = stored_screens(parse_practice(BOOKING)[0], lambda lines: "")
DIENST, TAG, ANGABEN, BESTAETIGUNG, ABGESAGT = SCREENS


def test_the_right_service_leads_to_the_next_screen():
    judgement = judge(DIENST, {"part-0": ["0"]})
    assert judgement.done
    assert next_screen(SCREENS, "dienst", judgement.goto) == "tag"


@pytest.mark.parametrize(
    ("values", "mistake"),
    [({}, Mistake.MISSING), ({"part-0": ["1"]}, Mistake.WRONG), ({"part-0": ["0", "1"]}, Mistake.WRONG),
     ({"part-0": ["9"]}, Mistake.WRONG), ({"part-0": ["x"]}, Mistake.WRONG)],
)  # fmt: skip
def test_a_wrong_or_missing_choice_is_named(values, mistake):
    assert judge(DIENST, values).mistakes == {0: mistake}


def test_a_free_day_and_a_free_slot_are_right_and_taken_ones_are_named():
    assert judge(TAG, {"part-0": ["10"], "part-1": ["2"]}).done
    assert judge(TAG, {"part-0": ["5"], "part-1": ["0"]}).mistakes == {
        0: Mistake.TAKEN, 1: Mistake.TAKEN
    }  # fmt: skip
    assert judge(TAG, {"part-1": ["1"]}).mistakes == {0: Mistake.MISSING}


@pytest.mark.parametrize(
    ("email", "mistake"),
    [("maria@example.org", None), ("maria.example.org", Mistake.RULE), ("maria@example", Mistake.RULE),
     ("", Mistake.MISSING), ("  maria@example.org  ", None)],
)  # fmt: skip
def test_an_e_mail_field_follows_its_rule_and_the_consent_must_be_ticked(email, mistake):
    judgement = judge(ANGABEN, {"part-0": [email], "part-1": ["yes"]})
    assert judgement.mistakes == ({} if mistake is None else {0: mistake})
    assert judge(ANGABEN, {"part-0": ["maria@example.org"]}).mistakes == {1: Mistake.RULE}


def test_a_practice_pin_must_be_exactly_the_one_given():
    screens = stored_screens(
        parse_practice(
            "## PIN {#pin}\n\n```field\n? PIN\nrule: digits 6, equals 123456\nerror: Falsche PIN\n"
            "! Die Übungs-PIN ist 123456.\n```\n"
        )[0],
        lambda lines: "",
    )
    assert judge(screens[0], {"part-0": ["123456"]}).done
    for wrong in ("654321", "12345", "１２３４５６"):  # full-width digits are not the PIN either
        assert judge(screens[0], {"part-0": [wrong]}).mistakes == {0: Mistake.RULE}


def test_cancelling_leads_to_its_screen_and_the_confirmation_ends_the_practice():
    cancel = judge(BESTAETIGUNG, {"part-1": ["1"]})  # an option that leads elsewhere: a way on
    assert cancel.done and next_screen(SCREENS, "bestaetigung", cancel.goto) == "abgesagt"
    finished = judge(BESTAETIGUNG, {"part-1": ["0"]})
    assert finished.done and next_screen(SCREENS, "bestaetigung", finished.goto) is None
    assert next_screen(SCREENS, "abgesagt", None) is None


@pytest.fixture
def practice_id(booking):
    return booking


def test_wrong_tries_are_counted_per_screen_and_trying_again_keeps_the_completion(practice_id):
    from app.extensions import db
    from app.learn import practising
    from app.models import Practice
    from tests.factories import make_user

    maria = make_user()
    practice = db.session.get(Practice, practice_id)
    practising.record_try(maria, practice_id, "dienst", done=False)
    practising.record_try(maria, practice_id, "dienst", done=False)
    practising.record_try(maria, practice_id, "dienst", done=True)
    practising.record_try(maria, practice_id, "tag", done=True)
    practising.complete(maria, practice)
    practising.complete(maria, practice)  # a second finish changes nothing
    db.session.commit()
    assert practising.steps(maria, practice_id) == {
        "dienst": practising.StepState(2, True), "tag": practising.StepState(0, True)
    }  # fmt: skip
    assert finished_practices(maria, [practice_id]) == {practice_id}
    practising.start_over(maria, practice_id)
    db.session.commit()
    assert practising.steps(maria, practice_id) == {}
    assert finished_practices(maria, [practice_id]) == {practice_id}


def test_a_learners_practice_steps_are_in_their_data_and_go_with_their_account(practice_id):
    from sqlalchemy import func, select

    from app.accounts.privacy import delete_account, export_data
    from app.extensions import db
    from app.learn import practising
    from app.models import Practice, PracticeCompletion, PracticeStep
    from tests.factories import make_user

    maria, other = make_user(), make_user(username="other")
    practice = db.session.get(Practice, practice_id)
    for person in (maria, other):
        practising.record_try(person, practice_id, "dienst", done=False)
        practising.complete(person, practice)
    db.session.commit()
    data = export_data(maria)
    assert data["practice_screens"] == [
        {"course": "testkurs", "practice": "uebung", "screen": "dienst", "wrong_tries": 1,
         "done_at": None}
    ]  # fmt: skip
    assert [row["practice"] for row in data["practices_done"]] == ["uebung"]
    delete_account(maria)
    db.session.commit()
    assert db.session.scalar(select(func.count(PracticeStep.id))) == 1  # the other learner's
    assert db.session.scalar(select(func.count(PracticeCompletion.id))) == 1
