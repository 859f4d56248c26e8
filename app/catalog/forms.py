"""The catalogue filter (a GET form: bookmarkable, no CSRF token needed)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


class FilterForm(FlaskForm):
    topic = SelectField(_l("Topic"), description=_l("All topics"), validate_choice=False)
    level = SelectField(_l("Level"), description=_l("All levels"), validate_choice=False)
