"""Seminar forms: the public filter, and the trainers' forms."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
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


class SeminarFilterForm(FlaskForm):
    city = SelectField(_l("City"), validate_choice=False)
    language = SelectField(_l("Language"), validate_choice=False)
    #: Set by the link on a course page; a list of 200 course names would be no help to choose from.
    course = HiddenField()
    day = DateField(_l("Date"), validators=[Optional()])


class SeminarForm(FlaskForm):
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
    course = SelectField(_l("Linked online course (optional)"), coerce=str, validate_choice=False)
    language = SelectField(_l("Language of the seminar"), validate_choice=False)
    venue = SelectField(_l("Venue"), validate_choice=False)
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


class VenueForm(FlaskForm):
    city = SelectField(_l("City"), validate_choice=False)
    name = StringField(
        _l("Name of the venue"),
        validators=[InputRequired(_l("Enter the name of the venue")), Length(max=200)],
    )
    street = StringField(
        _l("Street and number"),
        validators=[InputRequired(_l("Enter the street and number")), Length(max=200)],
    )
    postcode = StringField(
        _l("Postcode"),
        validators=[
            InputRequired(_l("Enter the postcode")),
            Length(5, 5, _l("Enter the five-digit postcode, for example 60311")),
        ],
    )
    town = StringField(
        _l("Town"), validators=[InputRequired(_l("Enter the town")), Length(max=100)]
    )
    step_free = BooleanField(_l("Step-free access (no steps, or a ramp or lift)"))
    accessible_toilet = BooleanField(_l("Accessible toilet"))
    hearing_loop = BooleanField(_l("Hearing loop"))
    transport_notes = TextAreaField(
        _l("Getting there (optional)"),
        description=_l("Bus and train stops nearby, the entrance, where to ask."),
        validators=[Length(max=1000)],
    )

    def validate_postcode(self, field) -> None:
        if not field.data.isdigit():
            raise ValidationError(_l("Enter the five-digit postcode, for example 60311"))


PHONE_RE = re.compile(r"^\+?[0-9 ()/-]{6,30}$")


class GuestForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Enter the person's name")), Length(max=120)],
    )
    phone = StringField(
        _l("Phone number"),
        description=_l("So that the trainer can call if the seminar changes."),
        validators=[InputRequired(_l("Enter a phone number"))],
    )

    def validate_phone(self, field) -> None:
        value = field.data.strip()
        if not PHONE_RE.match(value) or sum(ch.isdigit() for ch in value) < 6:
            raise ValidationError(
                _l("Enter a phone number with digits only, for example 069 1234567")
            )
