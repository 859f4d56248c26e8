"""Seminar forms: the public filter, and the trainers' forms."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from app.forms import Choice, Form


class WholeNumberField(IntegerField):
    """An IntegerField whose "not a number" message is ours (translated, and says what to type)."""

    def __init__(self, *args, not_a_number=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(self.not_a_number)) from None


class SeminarFilterForm(Form):
    city = SelectField(_l("City"), validate_choice=False)
    language = SelectField(_l("Language"), validate_choice=False)
    #: Set by the link on a course page; a list of 200 course names would be no help to choose from.
    course = HiddenField(validators=[Length(max=12)])
    day = DateField(_l("Date"), validators=[Optional()])


class SeminarForm(Form):
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Enter a title")),
            Length(max=200, message=_l("The title can be at most 200 characters long")),
        ],
    )
    description = TextAreaField(
        _l("Description (optional)"),
        description=_l("What participants will learn and what they should bring."),
        validators=[
            Length(max=4000, message=_l("The description can be at most 4000 characters long"))
        ],
    )
    course = Choice(
        _l("Linked online course (optional)"),
        invalid=_l("Choose one of the courses, or no online course"),
    )
    language = Choice(
        _l("Language of the seminar"), invalid=_l("Choose the language the seminar is held in")
    )
    venue = Choice(_l("Venue"), invalid=_l("Choose one of your venues"))
    day = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date of the seminar"))])
    start = TimeField(_l("Starts at"), validators=[InputRequired(_l("Enter the start time"))])
    end = TimeField(_l("Ends at"), validators=[InputRequired(_l("Enter the end time"))])
    capacity = WholeNumberField(
        _l("Seats"),
        not_a_number=_l("Enter the number of seats as a whole number, for example 12"),
        validators=[
            InputRequired(_l("Enter the number of seats as a whole number, for example 12")),
            NumberRange(1, 500, _l("The number of seats must be between 1 and 500")),
        ],
    )
    repeat_weeks = WholeNumberField(
        _l("Repeat weekly for how many weeks?"),
        not_a_number=_l("Enter a whole number of weeks, for example 1"),
        description=_l("1 for a single seminar; 6 creates six seminars, one a week."),
        default=1,
        validators=[
            InputRequired(_l("Enter a whole number of weeks, for example 1")),
            NumberRange(1, 52, _l("A series can have 1 to 52 weeks")),
        ],
    )


class VenueForm(Form):
    city = Choice(_l("City"), invalid=_l("Choose the city of the venue"))
    name = StringField(
        _l("Name of the venue"),
        validators=[
            InputRequired(_l("Enter the name of the venue")),
            Length(max=200, message=_l("The name can be at most 200 characters long")),
        ],
    )
    street = StringField(
        _l("Street and number"),
        validators=[
            InputRequired(_l("Enter the street and number")),
            Length(max=200, message=_l("The street can be at most 200 characters long")),
        ],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[
            InputRequired(_l("Enter the postcode")),
            Length(5, 5, _l("Enter the five-digit postcode, for example 60311")),
        ],
    )
    town = StringField(
        _l("Town"),
        validators=[
            InputRequired(_l("Enter the town")),
            Length(max=100, message=_l("The town can be at most 100 characters long")),
        ],
    )
    step_free = BooleanField(_l("Step-free access (no steps, or a ramp or lift)"))
    accessible_toilet = BooleanField(_l("Accessible toilet"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    transport_notes = TextAreaField(
        _l("Getting there (optional)"),
        description=_l("Bus and train stops nearby, the entrance, where to ask."),
        validators=[
            Length(max=1000, message=_l("Please write at most 1000 characters")),
        ],
    )
    language = Choice(
        _l("Language of these directions"),
        description=_l("So that screen readers read them with the right voice."),
        invalid=_l("Choose the language you wrote the directions in"),
    )

    def validate_postcode(self, field) -> None:
        if not (field.data.isascii() and field.data.isdigit()):
            raise ValidationError(_l("Enter the five-digit postcode, for example 60311"))


PHONE_RE = re.compile(r"^\+?[0-9 ()/-]{6,30}$")


class GuestForm(Form):
    name = StringField(
        _l("Name"),
        validators=[
            InputRequired(_l("Enter the person's name")),
            Length(max=120, message=_l("The name can be at most 120 characters long")),
        ],
    )
    phone = StringField(
        _l("Phone number"),
        description=_l("So that the trainer can call if the seminar changes."),
        validators=[
            InputRequired(_l("Enter a phone number")),
            Length(
                max=30, message=_l("Enter a phone number with digits only, for example 069 1234567")
            ),
        ],
    )

    def validate_phone(self, field) -> None:
        value = field.data
        if not PHONE_RE.fullmatch(value) or sum(ch.isdigit() for ch in value) < 6:
            raise ValidationError(
                _l("Enter a phone number with digits only, for example 069 1234567")
            )
