"""Putting a service's refusal into a form, so the error summary and the field both show it."""

from __future__ import annotations

from flask_wtf import FlaskForm


def add_error(form: FlaskForm, message: str, field_name: str | None = None) -> None:
    """The message next to *field_name* (or at the top of the form, for the whole form)."""
    field = getattr(form, field_name, None) if field_name else None
    if field is not None:
        field.errors = [*field.errors, message]
        form._errors = None  # WTForms caches the error dict; let it see the new one
    else:
        form.form_errors.append(message)
