"""The base of every form: typed text arrives tidy, and a choice is one of the choices offered.

"Required" alone lets a title of three spaces through, and a select whose choices are not checked
stores whatever a crafted request sends. So every form of the app derives from ``Form``:

- single-line text fields (names, titles, streets, usernames…) lose leading and trailing spaces,
  and line breaks or runs of spaces inside become one space: "   " is empty, and a pasted line
  break cannot reach an e-mail header, a CSV cell or the open data;
- text areas lose leading and trailing blank space and keep their line breaks;
- password fields are left exactly as typed.

``Choice`` is a select that refuses anything but its choices, with a message that says what to do.
Lengths stay with each field (``Length(max=…)`` matching its column); tests/test_forms.py checks that
every text field of every form has one.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget


def one_line(value):
    """Strip, and turn every run of white space (line breaks included) into one space."""
    return " ".join(value.split()) if isinstance(value, str) else value


def tidy_text(value):
    """Strip a longer text and use one kind of line break; the lines themselves stay as typed."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


class Form(FlaskForm):
    """FlaskForm (CSRF, translated messages) with text tidied before any validator sees it."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            own = tuple(unbound_field.kwargs.get("filters", ()))
            if issubclass(field_class, PasswordField) or not issubclass(field_class, StringField):
                return super().bind_field(form, unbound_field, options)
            tidy = tidy_text if issubclass(field_class, TextAreaField) else one_line
            return unbound_field.bind(form=form, filters=(tidy, *own), **options)


class Choice(SelectField):
    """A select whose value must be one of its choices; *invalid* says what to choose."""

    def __init__(self, label=None, validators=None, invalid=None, **kwargs) -> None:
        kwargs.setdefault("coerce", str)
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid or _l("Choose one of the options in the list")

    def pre_validate(self, form) -> None:
        if not any(match for _value, _label, match, *_rest in self.iter_choices()):
            raise ValidationError(str(self.invalid))


class Choices(SelectMultipleField):
    """Several choices as check boxes (a fieldset in the template: macros/forms.html
    `checkboxes`); like ``Choice``, anything but the choices offered is refused."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, invalid=None, **kwargs) -> None:
        kwargs.setdefault("coerce", str)
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid or _l("Choose from the options in the list")

    def pre_validate(self, form) -> None:
        offered = {str(value) for value, *_rest in self.iter_choices()}
        if any(str(value) not in offered for value in self.data or ()):
            raise ValidationError(str(self.invalid))
