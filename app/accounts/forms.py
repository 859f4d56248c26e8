"""Sign-up, sign-in and profile forms. Error messages say how to put things right."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional, Regexp

from app.forms import Choice, Form
from app.languages import SECOND_LANGUAGES

USERNAME_PATTERN = r"^[A-Za-z0-9._-]+$"
MIN_PASSWORD = 8


def new_password_field(label) -> PasswordField:
    """A password someone chooses: at least 8 characters, no rules about what kind."""
    return PasswordField(
        label,
        description=_l("At least 8 characters. A few words you can remember make a good password."),
        validators=[
            InputRequired(_l("Enter a password")),
            Length(min=MIN_PASSWORD, message=_l("The password must be at least 8 characters long")),
            Length(max=256, message=_l("The password can be at most 256 characters long")),
        ],
    )


class SignUpForm(Form):
    username = StringField(
        _l("Username"),
        description=_l(
            "3 to 30 characters: letters, digits, dot, dash or underscore. You sign in with it."
        ),
        validators=[
            InputRequired(_l("Enter a username")),
            Length(3, 30, _l("The username must be 3 to 30 characters long")),
            Regexp(
                USERNAME_PATTERN,
                message=_l("Use only letters a–z, digits, dot, dash or underscore in the username"),
            ),
        ],
    )
    display_name = StringField(
        _l("Your name (optional)"),
        description=_l("As it should appear on your certificates."),
        validators=[
            Optional(),
            Length(max=120, message=_l("The name can be at most 120 characters long")),
        ],
    )
    email = EmailField(
        _l("E-mail address (optional)"),
        description=_l("You do not need an e-mail address to learn here."),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address has at most 254 characters")),
            Email(_l("Enter an e-mail address like name@example.de, or leave the field empty")),
        ],
    )
    password = new_password_field(_l("Password"))


#: Longer than any username or password anybody chooses; a longer entry is not worth hashing.
SIGN_IN_MAX = 256


class SignInForm(Form):
    username = StringField(
        _l("Username"),
        validators=[
            InputRequired(_l("Enter your username")),
            Length(
                max=SIGN_IN_MAX,
                message=_l("The username or the password is not right. Please check both."),
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password")),
            Length(
                max=SIGN_IN_MAX,
                message=_l("The username or the password is not right. Please check both."),
            ),
        ],
    )
    remember = BooleanField(_l("Stay signed in on this device"))


class LanguageForm(Form):
    """Make the page's language the account's: for e-mails and for the start page."""

    language = HiddenField(validators=[Length(max=12)])
    next = HiddenField(validators=[Length(max=2000)])


class SecondLanguageForm(Form):
    """The one-click switch on a lesson shown in another language."""

    second_language = HiddenField(validators=[AnyOf(SECOND_LANGUAGES)])
    next = HiddenField(validators=[Length(max=2000)])


class ProfileForm(Form):
    display_name = StringField(
        _l("Your name"),
        description=_l(
            "As it should appear on your certificates. If empty, your username is used."
        ),
        validators=[
            Optional(),
            Length(max=120, message=_l("The name can be at most 120 characters long")),
        ],
    )
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address has at most 254 characters")),
            Email(_l("Enter an e-mail address like name@example.de, or leave the field empty")),
        ],
    )
    language = Choice(
        _l("Your language"),
        description=_l("For e-mails, and the page you see when you come back."),
        invalid=_l("Choose one of the languages"),
    )
    second_language = RadioField(
        _l("Lessons not yet translated into your language"),
        description=_l("Show them in this language:"),
        # Each language named in itself, as in the language switcher.
        choices=[SelectChoice("de", "Deutsch"), SelectChoice("en", "English")],
        default="de",
    )


class ChoosePasswordForm(Form):
    password = new_password_field(_l("Your new password"))


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Your current password"),
        validators=[InputRequired(_l("Enter your current password")), Length(max=SIGN_IN_MAX)],
    )
    password = new_password_field(_l("Your new password"))


class ParticipantForm(Form):
    display_name = StringField(
        _l("The participant's name"),
        description=_l("As it should appear on their certificates. The username is made from it."),
        validators=[
            InputRequired(_l("Enter the participant's name")),
            Length(max=120, message=_l("The name can be at most 120 characters long")),
        ],
    )
    language = Choice(
        _l("Language of the login card"), invalid=_l("Choose the language of the login card")
    )


class DisplayForm(Form):
    """Larger text and higher contrast, remembered in a cookie: no JavaScript, no account needed."""

    text_size = RadioField(
        _l("Text size"),
        choices=[SelectChoice("normal", _l("Normal")), SelectChoice("large", _l("Large"))],
        default="normal",
    )
    contrast = RadioField(
        _l("Contrast"),
        choices=[
            SelectChoice("normal", _l("Normal contrast")),
            SelectChoice("high", _l("High contrast")),
        ],
        default="normal",
    )


class StaffForm(Form):
    """Give an existing account a staff role (the choices depend on who is asking)."""

    username = StringField(
        _l("Username of the account"),
        description=_l("The person signs up first, or a trainer makes a login card for them."),
        validators=[
            InputRequired(_l("Enter the username of the account")),
            Length(max=30, message=_l("A username has at most 30 characters")),
        ],
    )
    role = Choice(_l("Role"), invalid=_l("Choose the role to give"))
    city = Choice(
        _l("City"),
        description=_l("Admins without a city manage all cities. Translators work for all cities."),
        invalid=_l("Choose one of the cities"),
    )


class LoginCardForm(Form):
    """An admin finds the learner who forgot their password and has no e-mail."""

    username = StringField(
        _l("Username of the learner"),
        description=_l("It is on the learner's first login card."),
        validators=[
            InputRequired(_l("Enter the username of the learner")),
            Length(max=30, message=_l("A username has at most 30 characters")),
        ],
    )


class DeleteAccountForm(Form):
    confirm = BooleanField(
        _l("I understand: my account, my progress and my seminar places are deleted for good."),
        validators=[
            InputRequired(_l("Tick the box to confirm that you want to delete your account"))
        ],
    )
    password = PasswordField(
        _l("Your password"),
        description=_l("So that nobody else can delete your account."),
        validators=[InputRequired(_l("Enter your password")), Length(max=SIGN_IN_MAX)],
    )


class ResetRequestForm(Form):
    account = StringField(
        _l("Your username or e-mail address"),
        validators=[
            InputRequired(_l("Enter your username or your e-mail address")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters")),
        ],
    )
