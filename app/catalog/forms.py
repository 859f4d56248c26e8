"""The catalogue filter (a GET form: bookmarkable, no CSRF token needed)."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.forms import Form

#: The first option of each filter, which shows every course.
ALL_TOPICS = _l("All topics")
ALL_LEVELS = _l("All levels")


class FilterForm(Form):
    topic = SelectField(_l("Topic"), validate_choice=False)
    level = SelectField(_l("Level"), validate_choice=False)
