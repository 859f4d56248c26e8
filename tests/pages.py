"""The pages the language and browser tests visit: every page type, as URL templates.

`{lang}` is a language prefix, `{seminar}` the id of a seminar with people registered.
"""

LANGUAGES = ["de", "de-x-ls", "en", "tr", "ar", "fa", "uk", "ru", "pl"]

PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/?topic=safety&level=beginner",
    "/{lang}/courses/online-termin/",
    "/{lang}/courses/online-termin/termin-seite-finden/",
    "/{lang}/courses/online-termin/termin-buchen/",
    "/{lang}/courses/sicher-online/warnsignale/",
    "/{lang}/city-links/appointments/",
    "/{lang}/account/sign-in",
    "/{lang}/account/sign-up",
    "/{lang}/account/display",
    "/{lang}/report-a-barrier",
    "/{lang}/accessibility",
    "/{lang}/leichte-sprache",
    "/{lang}/gebaerdensprache",
    "/{lang}/cities/",
    "/{lang}/cities/wiesbaden/",
    "/{lang}/privacy",
    "/{lang}/account/reset",
]
SEMINAR_PAGES = ["/{lang}/seminars/", "/{lang}/seminars/{seminar}/"]
LEARNER_PAGES = [
    "/{lang}/my/",
    "/{lang}/account/profile",
    "/{lang}/account/password",
    "/{lang}/my/certificates/online-termin/",
    "/{lang}/courses/online-ausweis/was-sie-brauchen/",
    "/{lang}/account/my-data",
    "/{lang}/account/delete",
]
TRANSLATOR_PAGES = ["/{lang}/translate/"]
# Trainer and admin pages; an admin may open all of them.
TRAINER_PAGES = [
    "/{lang}/trainer/seminars/",
    "/{lang}/trainer/seminars/past/",
    "/{lang}/trainer/seminars/new",
    "/{lang}/trainer/seminars/{seminar}/",
    "/{lang}/trainer/seminars/{seminar}/edit",
    "/{lang}/trainer/seminars/{seminar}/cancel",
    "/{lang}/trainer/seminars/{seminar}/guests/new",
    "/{lang}/trainer/seminars/{seminar}/sign-in-sheet",
    "/{lang}/trainer/venues/new",
    "/{lang}/account/participants/new",
    "/{lang}/admin/barrier-reports",
    "/{lang}/admin/staff/",
    "/{lang}/admin/staff/login-card",
    "/{lang}/admin/staff/password-help",
    "/{lang}/admin/reports/",
]
