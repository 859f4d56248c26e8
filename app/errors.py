"""The one error every service raises when a rule says no: its message is translatable and is
shown to the person, next to the field it is about where there is one.

Here, below every feature, so that any service may raise it and any view catch it without the
features importing each other for it.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A rule was broken; nothing was changed. *field* names the form field it is about, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
