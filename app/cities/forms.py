"""Choosing one's city: radio buttons on the city page, buttons in the short question elsewhere."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired, Length

from app.forms import Form


class CityForm(Form):
    city = RadioField(
        _l("Which city do you live in?"),
        description=_l("Lessons then link straight to your city's online services."),
        validators=[InputRequired(_l("Choose your city, or that you would rather not say"))],
    )
    next = HiddenField(validators=[Length(max=2000)])
