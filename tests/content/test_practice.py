"""Practice files (app/content/practice.py): what authors write, and each mistake at its line."""

from __future__ import annotations

import pytest

from app.content.practice import compare_structure, parse_practice

BOOKING = """Hier üben Sie, einen Termin zu buchen. Nichts wird wirklich gebucht.

## Dienstleistung wählen {#dienst}

Sie brauchen einen neuen Personalausweis.

```search
? Dienstleistung
- [x] Personalausweis beantragen
- [ ] Reisepass beantragen
- [ ] Wohnsitz anmelden
! Suchen Sie nach „Ausweis“.
> Richtig: Der Personalausweis ist eine eigene Dienstleistung.
```

## Tag wählen {#tag}

```calendar
? Wählen Sie einen freien Tag
month: 2027-03
free: 3, 4, 10, 11
! Freie Tage haben einen Rahmen.
```

```slots
? Uhrzeit
- [-] 08:30
- [x] 09:00
- [x] 09:30
! Belegte Zeiten können Sie nicht wählen.
```

## Ihre Angaben {#angaben}

```field
? E-Mail-Adresse
rule: required, email
error: Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.
example: name@beispiel.de
! Prüfen Sie das @-Zeichen.
```

```consent
? Ich habe die Datenschutzhinweise gelesen.
error: Bitte bestätigen Sie die Datenschutzhinweise.
```

```button
? Termin verbindlich buchen
```

## Bestätigung {#bestaetigung}

```confirmation
Ihr Termin ist gebucht.
```

```choice
? Was möchten Sie tun?
- [x] Fertig
- [ ] Termin absagen -> abgesagt
! Sie können den Termin auch später absagen.
> Den Termin können Sie bis zum Vortag absagen.
```

## Termin abgesagt {#abgesagt}

Ihr Termin ist abgesagt.
"""


def problems_of(body: str) -> list[tuple[int, str]]:
    return parse_practice(body)[1]


def line_of(body: str, text: str) -> int:
    """0-based line of the first line containing *text*."""
    return next(number for number, line in enumerate(body.split("\n")) if text in line)


def test_a_whole_booking_practice_reads_without_problems():
    practice, problems = parse_practice(BOOKING)
    assert problems == []
    assert [screen.id for screen in practice.screens] == [
        "dienst", "tag", "angaben", "bestaetigung", "abgesagt"
    ]  # fmt: skip
    search = practice.screens[0].parts[0]
    assert search.kind == "search" and search.label == "Dienstleistung"
    assert [option.right for option in search.options] == [True, False, False]
    slots = practice.screens[1].parts[1]
    assert [(option.text, option.taken) for option in slots.options][0] == ("08:30", True)
    assert practice.screens[3].parts[1].options[1].goto == "abgesagt"
    assert practice.screens[0].text[1] == "Sie brauchen einen neuen Personalausweis."


@pytest.mark.parametrize(
    ("change", "at", "message"),
    [
        (("```search", "```searchbox"), "```searchbox", "unknown part 'searchbox'"),
        (("! Suchen Sie nach „Ausweis“.\n", ""), "```search", "no hint for a second try"),
        (
            ("- [x] Personalausweis", "- [ ] Personalausweis"),
            "```search",
            "no option is marked right",
        ),
        (("free: 3, 4, 10, 11", "free:"), "```calendar", "no day is free"),
        (("free: 3, 4, 10, 11", "free: 3, 32"), "```calendar", "2027-03 has days 1 to 31 only"),
        (
            ("rule: required, email", "rule: email, equals 1234"),
            "```field",
            "both '1234' and an e-mail",
        ),
        (("rule: required, email", "rule: postcode"), "```field", "unknown rule 'postcode'"),
        (("error: Bitte bestätigen", "fehler: Bitte"), "fehler: Bitte", "is not understood"),
        (("-> abgesagt", "-> storniert"), "```choice", "no screen with the id 'storniert'"),
        (("- [ ] Termin absagen -> abgesagt", "- [ ] Termin absagen"), "{#abgesagt}", "can reach"),
        (("## Tag wählen {#tag}", "## Tag wählen"), "## Tag wählen", "needs an id"),
        (("- [ ] Reisepass", "- [-] Reisepass"), "- [-] Reisepass", "only time slots"),
        (
            ("example: name@beispiel.de", "example: name(at)beispiel.de"),
            "```field",
            "the example 'name(at)beispiel.de' does not meet the field's own rule",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(change, at, message):
    old, new = change
    assert old in BOOKING
    body = BOOKING.replace(old, new, 1)
    problems = problems_of(body)
    assert any(message in text and line == line_of(body, at) for line, text in problems), problems


def test_a_rule_that_no_entry_can_satisfy_is_refused():
    field = (
        "```field\n? PIN\nrule: digits 6, equals 12345\nerror: Falsche PIN\n! Sechs Ziffern\n```"
    )
    problems = problems_of("## PIN {#pin}\n\n" + field)
    assert any("no entry can be both '12345' and 6 digits" in text for _, text in problems)


def test_a_translation_keeps_the_structure_and_says_where_it_departs():
    source, _ = parse_practice(BOOKING)
    english = (
        BOOKING.replace("Dienstleistung wählen {#dienst}", "Choose a service {#dienst}")
        .replace("? Dienstleistung", "? Service")
        .replace("! Suchen Sie nach „Ausweis“.", "! Search for “ID card”.")
    )
    translation, problems = parse_practice(english)
    assert problems == [] and compare_structure(source, translation) == []
    # an option lost, a free day changed, a screen renamed: each is named
    missing = english.replace("- [ ] Wohnsitz anmelden\n", "")
    assert "differ from the original" in compare_structure(source, parse_practice(missing)[0])[0][1]
    moved = english.replace("free: 3, 4, 10, 11", "free: 3, 4, 10")
    [(line, text)] = compare_structure(source, parse_practice(moved)[0])
    assert "'tag'" in text and line == line_of(moved, "{#tag}")
    renamed = english.replace("{#tag}", "{#day}")
    assert (
        "same ids in the same order" in compare_structure(source, parse_practice(renamed)[0])[0][1]
    )


def test_a_choice_that_cannot_be_wrong_needs_no_hint():
    """ "Done" or "Cancel ->": every option is right or a way on; only choosing nothing is wrong."""
    body = BOOKING.replace("! Sie können den Termin auch später absagen.\n", "")
    assert problems_of(body) == []


def test_a_messages_links_are_shown_with_their_address_and_cannot_be_followed():
    from app.content.practice import stored_screens
    from app.content.render import render

    body = (
        "## Post {#post}\n\n```message\nfrom: Rheinbank (service@rheinbank-sicher.example)\n"
        "subject: Konto gesperrt\n\nBitte [hier bestätigen](https://rheinbank.example.fake.example/)."
        "\n```\n"
    )
    practice, problems = parse_practice(body)
    assert problems == []
    screens = stored_screens(practice, lambda lines: render("\n".join(lines)).html)
    html = screens[0]["parts"][0]["html"]
    assert "<a " not in html
    assert '<span class="practice-link">hier bestätigen</span>' in html
    assert (
        '<code class="practice-link__address">https://rheinbank.example.fake.example/</code>'
        in html
    )
