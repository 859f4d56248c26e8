"""Seminar forms: the public filter, and the trainers' forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

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

from app.content.reading import CourseCard
from app.edge import whole_number
from app.forms import Choice, Form
from app.languages import LANGUAGE_TABLE
from app.models import City, Seminar
from app.seminars.calendar import BERLIN
from app.seminars.services import SeminarData, SeminarFilter


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

    def chosen(
        self, cities: list[City], course_of: Callable[[int | None], CourseCard | None]
    ) -> tuple[SeminarFilter, City | None, CourseCard | None]:
        """The filter the visitor chose (nonsense in the address counts as not chosen), the city
        and the course it names. The form then shows exactly what it filters by."""
        self.validate()
        city = next((c for c in cities if c.slug == self.city.data), None)
        language = self.language.data if self.language.data in LANGUAGE_TABLE else None
        course = course_of(whole_number(self.course.data))
        course_id = course.course.id if course else None
        self.course.data = str(course_id) if course_id else ""
        day = self.day.data if isinstance(self.day.data, date) and not self.day.errors else None
        if day is None:
            self.day.raw_data, self.day.data = [], None  # a date input shows only valid dates
        where = SeminarFilter(
            city_id=city.id if city else None, language=language, course_id=course_id, on=day
        )
        return where, city, course


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

    def seminar_data(self) -> SeminarData:
        """What the trainer entered, as the scheduling service takes it (choices checked)."""
        return SeminarData(
            title=self.title.data,
            description=self.description.data or "",
            language=self.language.data,
            venue_id=whole_number(self.venue.data, default=0),
            course_id=whole_number(self.course.data),
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            capacity=self.capacity.data,
        )

    def show(self, seminar: Seminar) -> None:
        """Fill the form with *seminar*, times in Europe/Berlin as the trainer thinks of them."""
        starts, ends = seminar.starts_at.astimezone(BERLIN), seminar.ends_at.astimezone(BERLIN)
        self.day.data, self.start.data, self.end.data = starts.date(), starts.time(), ends.time()
        self.venue.data, self.course.data = str(seminar.venue_id), str(seminar.course_id or "")


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

    def venue_values(self) -> dict[str, object]:
        """What the trainer entered about the venue, as the service stores it."""
        return {
            "name": self.name.data,
            "street": self.street.data,
            "postcode": self.postcode.data,
            "town": self.town.data,
            "step_free": self.step_free.data,
            "accessible_toilet": self.accessible_toilet.data,
            "hearing_loop": self.hearing_loop.data,
            "transport_notes": self.transport_notes.data or "",
            "language": self.language.data,
        }

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
