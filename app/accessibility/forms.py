"""The "report a barrier" form: works without JavaScript, needs no account."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.forms import Form


class BarrierReportForm(Form):
    page = StringField(
        _l("Which page is it about?"),
        description=_l("Filled in with the page you came from. You can change it."),
        validators=[
            Optional(),
            Length(max=500, message=_l("The page address can be at most 500 characters long")),
        ],
    )
    message = TextAreaField(
        _l("What did not work for you?"),
        description=_l(
            "For example: a button you could not reach with the keyboard, text that was too small, a video without subtitles."
        ),
        validators=[
            InputRequired(_l("Describe the barrier, so that we can remove it")),
            Length(max=4000, message=_l("Please write at most 4000 characters")),
        ],
    )
    contact = StringField(
        _l("How can we answer you? (optional)"),
        description=_l(
            "An e-mail address or a phone number. Leave it empty if you do not need an answer."
        ),
        validators=[
            Optional(),
            Length(max=254, message=_l("Please write at most 254 characters")),
        ],
    )
