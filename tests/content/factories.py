"""A small, valid course tree that each checker test breaks in one way."""

from __future__ import annotations

from pathlib import Path

from app.content.files import document_hash

CITY = """name = "{name}"
website = "https://example.org/{slug}"

[links]
appointments = "https://example.org/{slug}/termin"
"""

COURSE_TOML = """source = "de"
topic = "appointments"
level = "beginner"
lessons = ["01-erste", "02-zweite"]
"""

INTRO = """+++
title = "Ein Testkurs"
summary = "Ein kurzer Kurs zum Testen."
+++

Dieser Kurs zeigt, wie alles funktioniert.
"""

LESSON_1 = """+++
title = "Erste Lektion"
minutes = 4
+++

## Worum es geht

Buchen Sie einen [Termin](city:appointments). Danach kommt die [nächste Lektion](02-zweite.md).

![Ein Kalender mit einem markierten Tag](kalender.svg)

```check
? Wo buchen Sie einen Termin?
- [x] Auf der Seite Ihrer Stadt
- [ ] Per Fax
> Die Stadt bietet Termine auf ihrer Website an.
```
"""

LESSON_2 = """+++
title = "Zweite Lektion"
minutes = 6
+++

## Noch ein Abschnitt

Mehr Text mit einem [Link ins Netz](https://www.example.org/).

### Ein Unterabschnitt

Fertig.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Kalender</title></svg>\n'


def translation(source_text: str, title: str) -> str:
    return f"""+++
title = "{title}"
source = "{document_hash(source_text)}"
+++

## About

An English text.
"""


def valid_tree(root: Path) -> dict[str, str]:
    """Write a valid tree under *root*/courses and return its files (relative to courses/)."""
    files = {
        "_cities/frankfurt.toml": CITY.format(name="Frankfurt am Main", slug="frankfurt"),
        "_cities/wiesbaden.toml": CITY.format(name="Wiesbaden", slug="wiesbaden"),
        "testkurs/course.toml": COURSE_TOML,
        "testkurs/de/course.md": INTRO,
        "testkurs/de/01-erste.md": LESSON_1,
        "testkurs/de/02-zweite.md": LESSON_2,
        "testkurs/de/kalender.svg": SVG,
    }
    write(root / "courses", files)
    return files


def write(courses: Path, files: dict[str, str]) -> None:
    for relative, content in files.items():
        path = courses / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
