"""Sign-up, sign-in, sign-out, the profile, and the learner's own data (download, deletion)."""

from __future__ import annotations

import hashlib
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
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app import cookies
from app.accounts import known_devices, password_help, privacy, reset, roles, services, sign_ins
from app.accounts.access import role_required
from app.accounts.cards import login_card_page, staff_action_sentence
from app.accounts.forms import (
    ChangePasswordForm,
    ChoosePasswordForm,
    DeleteAccountForm,
    DisplayForm,
    LanguageForm,
    ParticipantForm,
    ProfileForm,
    ResetRequestForm,
    SecondLanguageForm,
    SignInForm,
    SignUpForm,
)
from app.extensions import db, limiter
from app.form_errors import add_error
from app.i18n import SECOND_LANGUAGE_COOKIE, language_name, second_language
from app.languages import LANGUAGE_TABLE, enabled_languages
from app.learn import guest
from app.learn.services import merge_guest_progress
from app.links import safe_next
from app.models import Role, User
from app.templating import DISPLAY_COOKIE, display_settings

bp = Blueprint("accounts", __name__)

bp.add_app_template_global(staff_action_sentence)
# Who sees which menu entries and pages: the role rules of app/accounts/roles.py, not strings.
bp.add_app_template_global(roles.has_role)
bp.add_app_template_global(roles.is_global_admin)
bp.add_app_template_global(Role, "Role")

#: The session key for staff actions to show after signing in (ids of StaffAction).
NOTICE_KEY = "staff_notice"


def _start_session(user: User, remember: bool = False) -> None:
    """Sign *user* in in this browser: a new sign-in, and what staff did to the account since the
    last one, to be shown next (`notice`). Commits."""
    sign_ins.open_sign_in(user, remember)
    unseen = password_help.take_unseen(user)
    db.session.commit()
    login_user(user, remember=remember)
    if unseen:
        session[NOTICE_KEY] = unseen


def _after_sign_in(default: str) -> str:
    """Where to go after signing in: the notice about staff actions first, if there is one."""
    target = safe_next(default)
    if session.get(NOTICE_KEY):
        return url_for("accounts.notice", next=target)
    return target


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
                _start_session(user)
                return redirect(safe_next(url_for("learn.my_courses")))
        else:
            _take_guest_progress(user)
            _start_session(user)
            flash(
                _(
                    "Welcome, %(name)s! Your account has been created.",
                    name=user.name_for_certificate,
                ),
                "success",
            )
            return redirect(safe_next(url_for("learn.my_courses")))
    return render_template("accounts/sign_up.html", form=form)


# Sign-in limits (docs/deploy.md explains each). Only failed attempts count against a username: the
# form shown again (200) is a failure, the redirect after signing in is not.
def _failed(response) -> bool:
    return response.status_code == 200


def _typed_username() -> str:
    return services.normalise_username(request.form.get("username", ""))[:100]


def _address_and_username_key() -> str:
    """Guesses at one account from one address."""
    digest = hashlib.sha256(_typed_username().encode()).hexdigest()[:32]
    return f"sign-in:{get_remote_address()}:{digest}"


def _username_key() -> str:
    """Guesses at one account from anywhere (spread over many addresses)."""
    return "sign-in-account:" + hashlib.sha256(_typed_username().encode()).hexdigest()[:32]


def _known_device() -> bool:
    """The owner's own browsers are not slowed down by what others try on their account."""
    return known_devices.is_known(_typed_username())


@bp.route("/sign-in", methods=["GET", "POST"])
# Any attempt from one address: a seminar room of 20 behind one router still signs in at once.
@limiter.limit("30 per minute", methods=["POST"])
# Failed guesses at one account from one address.
@limiter.limit(
    "10 per 10 minutes",
    methods=["POST"],
    key_func=_address_and_username_key,
    deduct_when=_failed,
)
# Failed guesses at one account from all addresses together, except from browsers the account
# signed in from before: a short window, so an owner on a new device waits a minute at most.
@limiter.limit(
    "5 per minute",
    methods=["POST"],
    key_func=_username_key,
    deduct_when=_failed,
    exempt_when=_known_device,
)
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
            _start_session(first_time)
            session["choose_password"] = True
            response = redirect(url_for("accounts.choose_password"))
            known_devices.remember(response, first_time.username)
            return response
        if user is None:
            form.password.errors.append(
                _("The username or the password is not right. Please check both.")
            )
        else:
            _take_guest_progress(user)
            _start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            response = redirect(_after_sign_in(url_for("learn.my_courses")))
            known_devices.remember(response, user.username)
            return response
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST, so that no link or prefetch can do it). The sign-in ends on the server
    too, so a copy of this browser's cookies signs nobody in afterwards."""
    if current_user.is_authenticated:
        sign_ins.close_sign_in(current_user)
        db.session.commit()
    logout_user()
    flash(_("You are signed out."), "success")
    return redirect(url_for("catalog.index"))


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
        return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html", form=form, sign_in_count=sign_ins.count_sign_ins(current_user)
    )


def _account_key() -> str:
    return f"password-change:{current_user.id}"


@bp.route("/password", methods=["GET", "POST"])
@login_required
# Guessing the current password in a browser left signed in: a few wrong tries per account.
@limiter.limit("10 per 10 minutes", methods=["POST"], key_func=_account_key, deduct_when=_failed)
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
            return redirect(url_for("accounts.profile"))
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


@bp.get("/notice")
@login_required
def notice():
    """Shown once after signing in: staff printed a login card for this account since last time."""
    ids = session.pop(NOTICE_KEY, None)
    target = safe_next(url_for("learn.my_courses"))
    if not ids:
        return redirect(target)
    actions = password_help.actions_about(current_user, ids)
    return render_template("accounts/notice.html", actions=actions, target=target)


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
        services.choose_password(
            current_user, form.password.data, keep_sign_in=current_user.sign_in_token
        )
        db.session.commit()
        session.pop("choose_password", None)
        flash(
            _("Your password is saved. From now on, sign in with your username and this password."),
            "success",
        )
        return redirect(_after_sign_in(url_for("learn.my_courses")))
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


@bp.route("/reset", methods=["GET", "POST"])
# Per address. How many e-mails one account gets is capped by the reset service, silently: a
# limit keyed on what is typed would let anyone stop the owner's own reset.
@limiter.limit("5 per 10 minutes", methods=["POST"])
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
