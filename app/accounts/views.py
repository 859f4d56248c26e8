"""Sign-up, sign-in, sign-out, the profile, and the learner's own data (download, deletion)."""

from __future__ import annotations

import json

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app.accounts import bp, privacy, reset, services
from app.accounts.access import role_required
from app.accounts.cards import login_card_page
from app.accounts.forms import (
    ChoosePasswordForm,
    DeleteAccountForm,
    DisplayForm,
    ParticipantForm,
    ProfileForm,
    ResetRequestForm,
    SecondLanguageForm,
    SignInForm,
    SignUpForm,
)
from app.extensions import db, limiter
from app.form_errors import add_error
from app.i18n import (
    SECOND_LANGUAGE_COOKIE,
    enabled_languages,
    language_name,
    second_language,
)
from app.learn import guest
from app.learn.services import merge_guest_progress
from app.links import safe_next
from app.models import Role
from app.templating import DISPLAY_COOKIE, display_settings


def _take_guest_progress(user) -> None:
    lesson_ids, answers = guest.pop()
    if lesson_ids or answers:
        added = merge_guest_progress(user, lesson_ids, answers)
        if added:
            flash(
                _("Your progress from before signing in has been saved to your account."), "success"
            )


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit("10 per minute;60 per hour", methods=["POST"])
def sign_up():
    """Create an account: a username and password are enough."""
    if current_user.is_authenticated:
        return redirect(url_for("learn.my_courses"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.username.data,
                form.password.data,
                display_name=form.display_name.data,
                email=form.email.data,
                language=g.lang,
            )
        except services.UsernameTaken as error:
            # A second click on "Create account" sends the same name and password again: the
            # account exists and the password fits, so sign the person in rather than refuse.
            user = services.authenticate(form.username.data, form.password.data)
            if user is None:
                form.username.errors.append(str(error.message))
            else:
                login_user(user)
                return redirect(safe_next(url_for("learn.my_courses")))
        else:
            _take_guest_progress(user)
            db.session.commit()
            login_user(user)
            flash(
                _(
                    "Welcome, %(name)s! Your account has been created.",
                    name=user.name_for_certificate,
                ),
                "success",
            )
            return redirect(safe_next(url_for("learn.my_courses")))
    return render_template("accounts/sign_up.html", form=form)


def _username_key() -> str:
    """Attempts on one username from anywhere: slows down guessing spread over many addresses."""
    return "username:" + services.normalise_username(request.form.get("username", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])  # a whole seminar group behind one address
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=_username_key)
def sign_in():
    """Sign in with username and password (paste and password managers welcome)."""
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("learn.my_courses")))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.username.data, form.password.data)
        first_time = None
        if user is None:
            first_time = services.authenticate_with_start_code(
                form.username.data, form.password.data
            )
        if first_time is not None:
            # Signed in with the start code from a login card: now choose a password.
            _take_guest_progress(first_time)
            services.use_start_code(first_time)
            db.session.commit()
            login_user(first_time)
            session["choose_password"] = True
            return redirect(url_for("accounts.choose_password"))
        if user is None:
            form.password.errors.append(
                _("The username or the password is not right. Please check both.")
            )
        else:
            _take_guest_progress(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(url_for("learn.my_courses")))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST, so that no link or prefetch can do it)."""
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalog.index"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The name on certificates and the optional e-mail address."""
    form = ProfileForm(obj=current_user)
    if not form.is_submitted():
        form.second_language.data = current_user.second_language or second_language()
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.email.data)
        services.set_second_language(current_user, form.second_language.data)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.post("/second-language")
def choose_second_language():
    """Choose German or English for lessons not translated into the page's language."""
    form = SecondLanguageForm()
    target = safe_next(url_for("catalog.index"), form.next.data or "")
    if not form.validate_on_submit():
        return redirect(target)
    response = redirect(target)
    response.set_cookie(
        SECOND_LANGUAGE_COOKIE,
        form.second_language.data,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    if current_user.is_authenticated:
        services.set_second_language(current_user, form.second_language.data)
        db.session.commit()
    return response


@bp.before_app_request
def _password_first():
    """Someone who signed in with a start code chooses a password before anything else."""
    if (
        session.get("choose_password")
        and current_user.is_authenticated
        and request.endpoint not in {"accounts.choose_password", "accounts.sign_out", "static"}
    ):
        return redirect(url_for("accounts.choose_password", lang=g.get("lang") or "de"))
    return None


@bp.route("/choose-password", methods=["GET", "POST"])
@login_required
def choose_password():
    """First sign-in with a login card: the participant chooses their own password."""
    if not session.get("choose_password"):
        return redirect(url_for("accounts.profile"))
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        services.choose_password(current_user, form.password.data)
        db.session.commit()
        session.pop("choose_password", None)
        flash(
            _("Your password is saved. From now on, sign in with your username and this password."),
            "success",
        )
        return redirect(url_for("learn.my_courses"))
    return render_template("accounts/choose_password.html", form=form)


@bp.route("/participants/new", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def new_participant():
    """A trainer creates an account for someone without e-mail and prints a login card."""
    form = ParticipantForm()
    form.language.choices = [
        SelectChoice(code, language_name(code)) for code in enabled_languages()
    ]
    if not form.is_submitted():
        form.language.data = g.lang
    back = safe_next(url_for("trainer.seminars"))
    if form.validate_on_submit():
        language = form.language.data if form.language.data in enabled_languages() else "de"
        user, code = services.create_participant(current_user, form.display_name.data, language)
        db.session.commit()
        return login_card_page(user, code, back)
    return render_template("accounts/participant_form.html", form=form, back=back)


@bp.route("/display", methods=["GET", "POST"])
def display():
    """Larger text and high contrast, for every page, remembered in this browser."""
    form = DisplayForm(data=display_settings())
    if form.validate_on_submit():
        flash(_("Your display settings are saved in this browser."), "success")
        response = redirect(safe_next(url_for("accounts.display"), request.form.get("next", "")))
        response.set_cookie(
            DISPLAY_COOKIE,
            f"{form.text_size.data},{form.contrast.data}",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        return response
    return render_template("accounts/display.html", form=form, back=request.args.get("next", ""))


@bp.get("/my-data")
@login_required
def my_data():
    """What we hold about you: download it, or delete your account."""
    return render_template("accounts/my_data.html")


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


def _reset_key() -> str:
    return "reset:" + request.form.get("account", "").strip().lower()


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per 10 minutes", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"], key_func=_reset_key)
def request_reset():
    """Forgot the password: a link by e-mail. The answer never says whether an account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        reset.request_reset(form.account.data, g.lang)
        db.session.commit()
        flash(
            _(
                "If an account with an e-mail address matches what you entered, we have sent it a link. The link works once, for one hour."
            ),
            "success",
        )
        return redirect(url_for("accounts.request_reset"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 10 minutes", methods=["POST"])
def reset_password(token: str):
    """The link from the e-mail: choose a new password (once, within the hour)."""
    user = reset.user_for_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        services.choose_password(user, form.password.data)
        db.session.commit()
        flash(_("Your new password is saved. Sign in with it."), "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form, user=user)
