"""The signed-in person's account: profile, password, languages, display settings, signing out
everywhere, and their own data (download, deletion)."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from app import cookies
from app.accounts import limits, password_help, privacy, services, sign_ins
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    DisplayForm,
    LanguageForm,
    ProfileForm,
    SecondLanguageForm,
)
from app.extensions import db, limiter
from app.form_errors import add_error
from app.i18n import SECOND_LANGUAGE_COOKIE, second_language
from app.languages import LANGUAGE_TABLE, enabled_languages
from app.links import safe_next
from app.templating import DISPLAY_COOKIE, display_settings

#: Mounted under /<lang>/account, like the sign-in pages.
bp = Blueprint("settings", __name__)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The name on certificates and the optional e-mail address."""
    form = ProfileForm(obj=current_user)
    form.language.choices = [
        SelectChoice(code, LANGUAGE_TABLE[code].endonym) for code in enabled_languages()
    ]
    if not form.is_submitted():
        form.second_language.data = current_user.second_language or second_language()
    if form.language.data not in enabled_languages() and not form.language.raw_data:
        form.language.data = g.lang  # an account from before languages were kept
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.email.data)
        services.set_language(current_user, form.language.data)
        services.set_second_language(current_user, form.second_language.data)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("settings.profile"))
    return render_template(
        "accounts/profile.html", form=form, sign_in_count=sign_ins.count_sign_ins(current_user)
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
# Guessing the current password in a browser left signed in: a few wrong tries per account.
@limiter.limit(
    "10 per 10 minutes",
    methods=["POST"],
    key_func=limits.password_change_key,
    deduct_when=limits.failed,
)
def change_password():
    """Change the password: the current one, then the new one. Every other device is signed out."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            add_error(form, _("The current password is not correct."), "current_password")
        else:
            services.choose_password(
                current_user, form.password.data, keep_sign_in=current_user.sign_in_token
            )
            db.session.commit()
            flash(
                _(
                    "Your new password is saved. Every other device where you were signed in is now signed out."
                ),
                "success",
            )
            return redirect(url_for("settings.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.post("/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every sign-in of the account, this browser's too: for a lost phone or a shared computer."""
    sign_ins.close_other_sign_ins(current_user)
    db.session.commit()
    logout_user()
    flash(_("You are signed out on every device, this one included."), "success")
    return redirect(url_for("accounts.sign_in"))


@bp.post("/language")
@login_required
def choose_language():
    """Make the language of the page one is reading the account's language (e-mails, start page)."""
    form = LanguageForm()
    target = safe_next(url_for("catalog.index"), form.next.data or "")
    if form.validate_on_submit() and form.language.data in enabled_languages():
        services.set_language(current_user, form.language.data)
        db.session.commit()
        flash(
            _(
                "From now on, e-mails and the start page are in %(language)s.",
                language=LANGUAGE_TABLE[form.language.data].endonym,
            ),
            "success",
        )
    return redirect(target)


@bp.post("/second-language")
def choose_second_language():
    """Choose German or English for lessons not translated into the page's language."""
    form = SecondLanguageForm()
    target = safe_next(url_for("catalog.index"), form.next.data or "")
    if not form.validate_on_submit():
        return redirect(target)
    response = redirect(target)
    cookies.keep(response, SECOND_LANGUAGE_COOKIE, form.second_language.data)
    if current_user.is_authenticated:
        services.set_second_language(current_user, form.second_language.data)
        db.session.commit()
    return response


@bp.route("/display", methods=["GET", "POST"])
def display():
    """Larger text and high contrast, for every page, remembered in this browser."""
    form = DisplayForm(data=display_settings())
    if form.validate_on_submit():
        flash(_("Your display settings are saved in this browser."), "success")
        response = redirect(safe_next(url_for("settings.display"), request.form.get("next", "")))
        cookies.keep(response, DISPLAY_COOKIE, f"{form.text_size.data},{form.contrast.data}")
        return response
    return render_template("accounts/display.html", form=form, back=request.args.get("next", ""))


@bp.get("/my-data")
@login_required
def my_data():
    """What we hold about you: download it, or delete your account."""
    return render_template(
        "accounts/my_data.html", actions=password_help.actions_about(current_user)
    )


@bp.get("/my-data.json")
@login_required
def my_data_download():
    """Everything the platform holds about the signed-in person, as a JSON file."""
    body = json.dumps(privacy.export_data(current_user), ensure_ascii=False, indent=2)
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="lernlotse-{current_user.username}.json"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete the account: a clear warning, a tick and the password, then everything personal goes."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            add_error(form, _("The password is not correct."), "password")
        else:
            privacy.delete_account(current_user._get_current_object())
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account and everything personal about you have been deleted."), "success")
            return redirect(url_for("catalog.index"))
    return render_template("accounts/delete.html", form=form)
