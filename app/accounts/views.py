"""Getting in: sign-up, sign-in, sign-out, the first password after a login card, password reset,
and accounts trainers create for participants. The account's settings and own data are in
settings_views.py."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from app.accounts import known_devices, limits, password_help, reset, roles, services, sign_ins
from app.accounts.access import role_required
from app.accounts.cards import login_card_page, staff_action_sentence
from app.accounts.forms import (
    ChoosePasswordForm,
    ParticipantForm,
    ResetRequestForm,
    SignInForm,
    SignUpForm,
)
from app.extensions import db, limiter
from app.i18n import language_name
from app.languages import enabled_languages
from app.learn import guest
from app.learn.services import merge_guest_practices, merge_guest_progress
from app.links import safe_next
from app.models import Role, User

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
    practice_ids = guest.pop_practices()
    if lesson_ids or answers or practice_ids:
        added = merge_guest_progress(user, lesson_ids, answers)
        added += merge_guest_practices(user, practice_ids)
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


@bp.route("/sign-in", methods=["GET", "POST"])
# Any attempt from one address: a seminar room of 20 behind one router still signs in at once.
@limiter.limit("30 per minute", methods=["POST"])
# Failed guesses at one account from one address.
@limiter.limit(
    "10 per 10 minutes",
    methods=["POST"],
    key_func=limits.address_and_username_key,
    deduct_when=limits.failed,
)
# Failed guesses at one account from all addresses together, except from browsers the account
# signed in from before: a short window, so an owner on a new device waits a minute at most.
@limiter.limit(
    "5 per minute",
    methods=["POST"],
    key_func=limits.username_key,
    deduct_when=limits.failed,
    exempt_when=limits.known_device,
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
        return redirect(url_for("settings.profile"))
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
