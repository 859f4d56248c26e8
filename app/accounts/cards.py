"""The printable login card: for a new participant, or a new start code for one who forgot."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from app.i18n import LANGUAGE_TABLE, enabled_languages
from app.links import public_url
from app.models import User
from app.seminars.qr import qr_svg


def login_card_page(user: User, code: str, back: str) -> str:
    """The page with the card. The card is in the participant's language, the page around it in
    the trainer's; the start code is shown only here (it is stored as a hash)."""
    language = user.language if user.language in enabled_languages() else "de"
    site = public_url(f"/{language}/")
    with force_locale(LANGUAGE_TABLE[language].locale):
        card = render_template(
            "accounts/_login_card.html",
            user=user,
            code=code,
            site=site,
            qr=qr_svg(site),
            expires=user.start_code_expires_at,
            card_language=LANGUAGE_TABLE[language],
        )
    return render_template("accounts/login_card.html", card=Markup(card), user=user, back=back)
