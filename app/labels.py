"""Display names for the fixed vocabularies of course files (topics and levels)."""

from flask_babel import lazy_gettext as _l

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
