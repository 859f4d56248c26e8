"""Every form tidies what is typed and keeps within its columns; choices are only the choices."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from app.forms import Choice, Form
from tests.ops.test_hostile_input import _subclasses, form_field_names


def app_forms() -> list[type[FlaskForm]]:
    form_field_names()  # imports every form module
    return [form for form in _subclasses(FlaskForm) if form.__module__.startswith("app.")]


def test_every_form_of_the_app_derives_from_the_tidying_base():
    forms = app_forms()
    assert len(forms) >= 15
    assert [form.__name__ for form in forms if not issubclass(form, Form)] == []


def test_every_text_field_has_a_maximum_length():
    missing = []
    for form in app_forms():
        for name in dir(form):
            unbound = getattr(form, name)
            field_class = getattr(unbound, "field_class", None)
            if field_class is None or not issubclass(field_class, StringField):
                continue
            validators = unbound.kwargs.get("validators") or (
                unbound.args[1] if len(unbound.args) > 1 else []
            )
            if not any(isinstance(v, Length) and v.max > 0 for v in validators):
                missing.append(f"{form.__name__}.{name}")
    # The choice of the second language is a hidden field checked against two values.
    assert missing == ["SecondLanguageForm.second_language"]


class Example(Form):
    title = StringField(validators=[Length(max=20)])
    secret = PasswordField()
    city = Choice(
        invalid="Choose a city", choices=[SelectChoice("", "none"), SelectChoice("1", "Frankfurt")]
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("   ", ""),
        ("  Termine buchen ", "Termine buchen"),
        ("Termine\r\nbuchen", "Termine buchen"),
        ("Termine\u00a0\u00a0 buchen", "Termine buchen"),
    ],
)
def test_single_line_text_is_stripped_and_kept_on_one_line(app, typed, kept):
    with app.test_request_context():
        form = Example(MultiDict({"title": typed}), meta={"csrf": False})
        assert form.title.data == kept


def test_passwords_are_kept_exactly_as_typed(app):
    with app.test_request_context():
        form = Example(MultiDict({"secret": "  with spaces  "}), meta={"csrf": False})
        assert form.secret.data == "  with spaces  "


def test_a_choice_refuses_anything_but_its_choices(app):
    with app.test_request_context():
        for value, valid in [
            ("1", True),
            ("", True),
            ("2", False),
            ("1 ", False),
            ("x" * 99, False),
        ]:
            form = Example(MultiDict({"city": value}), meta={"csrf": False})
            assert form.validate() is valid, value
            if not valid:
                assert form.city.errors == ["Choose a city"]
