"""The printable login card: for a new participant, or a new start code for one who forgot; and the
sentence that tells a learner (and the admins) who printed one."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from markupsafe import Markup

from app.languages import LANGUAGE_TABLE, enabled_languages
from app.links import public_url
from app.models import Role, StaffAction, User
from app.qr import qr_svg


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


def staff_action_sentence(action: StaffAction) -> str:
    """ "On 3 Dec 2026, 10:15, a trainer of Frankfurt am Main printed a new login card." The role
    and the city, not the person: the learner needs to know where to ask, not a colleague's name."""
    when = format_datetime(action.created_at, "medium")
    city = action.actor_city.name if action.actor_city else None
    if action.actor_role is Role.TRAINER and city:
        return _(
            "On %(when)s, a trainer of %(city)s printed a new login card.", when=when, city=city
        )
    if action.actor_role is Role.ADMIN and city:
        return _(
            "On %(when)s, an administrator of %(city)s printed a new login card.",
            when=when,
            city=city,
        )
    return _("On %(when)s, a Lernlotse administrator printed a new login card.", when=when)
