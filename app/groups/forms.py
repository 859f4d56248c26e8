"""Forms of learning groups: the leaders' group form, adding people, and the join code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from app.forms import Choice, Choices, Form
from app.groups.services import CODE_LENGTH


class GroupForm(Form):
    name = StringField(
        _l("Name of the group"),
        description=_l("Participants see it when they join, for example “Digital help, Tuesdays”."),
        validators=[InputRequired(_l("Enter a name for the group")), Length(max=120)],
    )
    courses = Choices(
        _l("Courses the group works on"),
        description=_l(
            "Participants see these courses in the group; you see their progress in them."
        ),
        invalid=_l("Choose courses from the list"),
    )
    meets = StringField(
        # i18n: when and where a learning group meets, e.g. "Tuesdays 10-12, city library"
        _l("When and where the group meets (optional)"),
        description=_l("For example “Tuesdays 10 to 12, city library, room 2”."),
        validators=[Length(max=200)],
    )
    seminar = Choice(_l("Seminar the group belongs to (optional)"))
    city = Choice(_l("City"), invalid=_l("Choose one of the cities"))


class PersonForm(Form):
    username = StringField(
        _l("Username"),
        validators=[InputRequired(_l("Enter the username")), Length(max=40)],
    )


class JoinForm(Form):
    code = StringField(
        _l("Group code"),
        description=_l(
            "%(num)s letters and digits, from your trainer or the group's sheet.", num=CODE_LENGTH
        ),
        validators=[InputRequired(_l("Enter the group code")), Length(max=20)],
    )
