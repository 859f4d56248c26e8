"""Display names for the fixed vocabularies of course files (topics, levels, city link keys)."""

from flask_babel import lazy_gettext as _l

from app.models import Role

TOPIC_LABELS = {
    "appointments": _l("Appointments and the citizens' office"),
    "identity": _l("Online ID and identification"),
    "payments": _l("Paying fees online"),
    "safety": _l("Staying safe online"),
    "basics": _l("First steps"),
}

LEVEL_LABELS = {
    # i18n: course level, for people who have never used an online service
    "beginner": _l("Beginner"),
    "intermediate": _l("Intermediate"),
    "advanced": _l("Advanced"),
}

#: The `city:` link keys of the city profiles; an unknown key is shown as written.
CITY_LINK_LABELS = {
    "appointments": _l("Book an appointment at the citizens' office"),
    "services": _l("All online services of the city"),
}

ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.TRAINER: _l("Trainer"),
    # i18n: a volunteer who helps residents learn in a group (German: Lernbegleitung)
    Role.HELPER: _l("Learning helper"),
    Role.TRANSLATOR: _l("Translator"),
    Role.ADMIN: _l("Admin"),
}
