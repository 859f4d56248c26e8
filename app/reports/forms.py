"""The report's period and city: a GET form, so a report has an address that can be shared."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from app.forms import Form


class ReportForm(Form):
    months = SelectField(_l("Period"))
    city = SelectField(_l("City"))
