"""`flask courses check`: one test per kind of problem, each reported as path:line: message."""

from __future__ import annotations

import pytest

from app.content.checker import check_tree
from app.content.files import document_hash
from tests.content.factories import LESSON_1, LESSON_2, translation, valid_tree, write


@pytest.fixture
def tree(tmp_path):
    valid_tree(tmp_path)
    return tmp_path / "courses"


def problems_of(courses) -> list[str]:
    _catalogue, problems = check_tree(courses)
    return [str(problem) for problem in problems]


def errors_of(courses) -> list[str]:
    _catalogue, problems = check_tree(courses)
    return [str(problem) for problem in problems if problem.is_error]


def test_valid_tree_has_no_problems(tree):
    write(tree, {"testkurs/en/01-erste.md": translation(LESSON_1, "First lesson")})
    assert problems_of(tree) == []


def test_missing_front_matter_is_reported_on_line_1(tree):
    write(tree, {"testkurs/de/02-zweite.md": "## Ohne Kopf\n\nText\n"})
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:1: the file must start with front matter: "
        "a line '+++', then 'title = \"…\"', then '+++'"
    ]


def test_unclosed_front_matter(tree):
    write(tree, {"testkurs/de/02-zweite.md": '+++\ntitle = "X"\n\nText\n'})
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:1: the front matter is never closed: add a line '+++' after it"
    ]


def test_bad_toml_in_front_matter_points_at_the_line(tree):
    write(tree, {"testkurs/de/02-zweite.md": '+++\ntitle = "Zweite"\nminutes = \n+++\n\nText\n'})
    [error] = errors_of(tree)
    assert error.startswith("courses/testkurs/de/02-zweite.md:3: cannot read the front matter:")


def test_unknown_front_matter_key_names_the_allowed_ones(tree):
    write(
        tree,
        {
            "testkurs/de/02-zweite.md": LESSON_2.replace(
                "minutes = 6", 'minutes = 6\ntitel = "Tippfehler"'
            )
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:4: unknown key 'titel'; the keys allowed here are: minutes, title"
    ]


def test_missing_title(tree):
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2.replace('title = "Zweite Lektion"\n', "")})
    assert errors_of(tree) == [
        'courses/testkurs/de/02-zweite.md:1: the front matter needs a title: title = "…"'
    ]


def test_unknown_course_toml_key(tree):
    write(
        tree,
        {
            "testkurs/course.toml": 'source = "de"\ntopic = "appointments"\nlevel = "beginner"\n'
            'lessons = ["01-erste", "02-zweite"]\nduration = 3\n'
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/course.toml:5: unknown key 'duration'; the keys allowed here are: lessons, level, practices, source, topic"
    ]


def test_unknown_topic_and_level(tree):
    write(
        tree,
        {
            "testkurs/course.toml": 'source = "de"\ntopic = "cooking"\nlevel = "expert"\n'
            'lessons = ["01-erste", "02-zweite"]\n'
        },
    )
    errors = errors_of(tree)
    assert errors[0].startswith(
        "courses/testkurs/course.toml:2: topic must be one of: appointments,"
    )
    assert (
        errors[1]
        == "courses/testkurs/course.toml:3: level must be one of: beginner, intermediate, advanced"
    )


def test_lesson_listed_but_missing(tree):
    write(
        tree,
        {
            "testkurs/course.toml": 'source = "de"\ntopic = "appointments"\nlevel = "beginner"\n'
            'lessons = ["01-erste", "02-zweite", "03-dritte"]\n'
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/course.toml:4: lesson '03-dritte' is listed here but de/03-dritte.md does not exist"
    ]


def test_lesson_present_but_not_listed(tree):
    write(tree, {"testkurs/de/03-vergessen.md": LESSON_2})
    assert errors_of(tree) == [
        "courses/testkurs/de/03-vergessen.md:1: this file is not listed in course.toml: "
        "add it to lessons (or practices), or remove it"
    ]


def test_broken_link_between_lessons(tree):
    write(tree, {"testkurs/de/01-erste.md": LESSON_1.replace("02-zweite.md", "02-zweitee.md")})
    assert errors_of(tree) == [
        "courses/testkurs/de/01-erste.md:8: the link points to 02-zweitee.md, which is not a lesson "
        "of this course (lessons: 01-erste, 02-zweite)"
    ]


def test_missing_image(tree):
    (tree / "testkurs/de/kalender.svg").unlink()
    assert errors_of(tree) == [
        "courses/testkurs/de/01-erste.md:10: the image kalender.svg does not exist next to this lesson"
    ]


def test_image_without_alt_text(tree):
    write(
        tree,
        {
            "testkurs/de/01-erste.md": LESSON_1.replace(
                "![Ein Kalender mit einem markierten Tag]", "![]"
            )
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/01-erste.md:10: the image kalender.svg has no alt text: "
        "describe what it shows between ![ and ]"
    ]


def test_image_outside_the_course_folder(tree):
    write(
        tree,
        {"testkurs/de/01-erste.md": LESSON_1.replace("(kalender.svg)", "(../../../geheim.png)")},
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/01-erste.md:10: the image ../../../geheim.png is outside this course's folder"
    ]


def test_image_from_another_website(tree):
    write(
        tree,
        {
            "testkurs/de/01-erste.md": LESSON_1.replace(
                "(kalender.svg)", "(https://tracker.example/p.png)"
            )
        },
    )
    [error] = errors_of(tree)
    assert error.startswith(
        "courses/testkurs/de/01-erste.md:10: the image https://tracker.example/p.png is on another website"
    )


def test_skipped_heading_level(tree):
    write(
        tree,
        {
            "testkurs/de/02-zweite.md": LESSON_2.replace(
                "### Ein Unterabschnitt", "#### Ein Unterabschnitt"
            )
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:10: the heading jumps from level 2 to level 4; use ### here "
        "so that screen-reader users can follow the structure"
    ]


def test_level_one_heading_in_body(tree):
    write(
        tree,
        {
            "testkurs/de/02-zweite.md": LESSON_2.replace(
                "## Noch ein Abschnitt", "# Noch ein Abschnitt"
            )
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:6: use '##' for sections: the title from the front matter "
        "is the page's only level-1 heading"
    ]


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        (
            "- [x] Ja\n- [ ] Nein\n> Weil.",
            12,
            "the self-check has no question: add a line that starts with '? '",
        ),
        (
            "? Frage?\n- [ ] Ja\n- [ ] Nein\n> Weil.",
            12,
            "no answer is marked right: mark it with '- [x] '",
        ),
        (
            "? Frage?\n- [x] Ja\n> Weil.",
            12,
            "the self-check needs at least two answers, each on a line starting with '- [ ] ' or '- [x] '",
        ),
        (
            "? Frage?\n- [x] Ja\n- [ ] Nein",
            12,
            "the self-check has no explanation: add a line starting with '> ' that says why the answer is right",
        ),
        (
            "? Frage?\n* Ja\n- [x] Ja\n- [ ] Nein\n> Weil.",
            14,
            "this line of the self-check is not understood: start it with '? ' for the question, '- [ ] ' for a wrong answer, '- [x] ' for a right answer or '> ' for the explanation",
        ),
    ],
)
def test_malformed_check_block(tree, block, line, message):
    lesson = LESSON_1.split("```check")[0] + "```check\n" + block + "\n```\n"
    write(tree, {"testkurs/de/01-erste.md": lesson})
    assert errors_of(tree) == [f"courses/testkurs/de/01-erste.md:{line}: {message}"]


def test_unclosed_check_block(tree):
    write(tree, {"testkurs/de/01-erste.md": LESSON_1.rstrip().removesuffix("```") + "\n"})
    assert (
        "courses/testkurs/de/01-erste.md:12: this ``` block is never closed: add a line with ``` after it"
        in errors_of(tree)
    )


def test_city_key_missing_from_a_city_profile(tree):
    write(tree, {"testkurs/de/01-erste.md": LESSON_1.replace("city:appointments", "city:fees")})
    assert errors_of(tree) == [
        'courses/testkurs/de/01-erste.md:8: city:fees is not in courses/_cities/frankfurt.toml: add fees = "https://…" under [links] there',
        'courses/testkurs/de/01-erste.md:8: city:fees is not in courses/_cities/wiesbaden.toml: add fees = "https://…" under [links] there',
    ]


def test_translation_with_unknown_source_hash(tree):
    write(tree, {"testkurs/en/01-erste.md": translation("something else", "First lesson")})
    [error] = errors_of(tree)
    assert error.startswith('courses/testkurs/en/01-erste.md:3: source = "')
    assert "matches no version of de/01-erste.md; the current one is" in error


def test_translation_without_source_hash(tree):
    write(tree, {"testkurs/en/01-erste.md": '+++\ntitle = "First"\n+++\n\nText\n'})
    [error] = errors_of(tree)
    assert error.startswith('courses/testkurs/en/01-erste.md:1: a translation needs source = "')


def test_translation_of_an_older_source_version_is_a_warning_not_an_error(tree):
    write(
        tree,
        {
            "testkurs/en/01-erste.md": translation(LESSON_1, "First lesson"),
            "testkurs/de/01-erste.md": LESSON_1.replace("Worum es geht", "Worum es heute geht"),
        },
    )
    _catalogue, problems = check_tree(
        tree, known_versions=lambda course, doc: {document_hash(LESSON_1)}
    )
    assert [p.severity for p in problems] == ["warning"]
    assert "this translation is outdated" in str(problems[0])


def test_unknown_language_folder(tree):
    write(tree, {"testkurs/xx/01-erste.md": translation(LESSON_1, "?")})
    assert (
        "courses/testkurs/xx:1: 'xx' is not a language code this platform knows: use one of de, de-x-ls, en, tr, ar, fa, uk, ru, pl"
        in errors_of(tree)
    )


def test_city_profile_with_bad_toml(tree):
    write(tree, {"_cities/wiesbaden.toml": 'name = "Wiesbaden\n'})
    errors = errors_of(tree)
    assert errors[0].startswith("courses/_cities/wiesbaden.toml:1: cannot read this TOML file:")


def test_city_contact_details_are_checked_where_they_are_written(tree):
    write(
        tree,
        {
            "_cities/wiesbaden.toml": (
                'name = "Wiesbaden"\n'
                'website = "https://www.wiesbaden.de"\n'
                'hotline = "ring us"\n'
                "\n"
                "[links]\n"
                'appointments = "https://www.wiesbaden.de/termine"\n'
                "\n"
                "[accessibility]\n"
                'url = "http://example.org"\n'
                'email = "nobody"\n'
                'fax = "0611 1"\n'
            )
        },
    )
    assert errors_of(tree) == [
        'courses/_cities/wiesbaden.toml:3: hotline must be a phone number, e.g. hotline = "115" or "0611 310"',
        'courses/_cities/wiesbaden.toml:8: the accessibility contact needs a name = "…" (office or person)',
        'courses/_cities/wiesbaden.toml:9: url must be a web address: "https://…"',
        "courses/_cities/wiesbaden.toml:10: email must be an e-mail address",
        "courses/_cities/wiesbaden.toml:11: unknown key 'fax'; the keys allowed here are: email, name, phone, url",
    ]


def test_a_city_accessibility_contact_needs_a_way_to_reach_it(tree):
    text = (tree / "_cities/wiesbaden.toml").read_text(encoding="utf-8")
    write(tree, {"_cities/wiesbaden.toml": text + '\n[accessibility]\nname = "Bürgerreferat"\n'})
    [error] = errors_of(tree)
    assert error.endswith("the accessibility contact needs a url, an email or a phone")


def test_check_command_prints_problems_and_exits_1(tree, runner):
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2.replace("### Ein", "#### Ein")})
    result = runner.invoke(args=["courses", "check", str(tree)])
    assert result.exit_code == 1
    assert (
        "courses/testkurs/de/02-zweite.md:10: the heading jumps from level 2 to level 4"
        in result.output
    )
    assert "1 course(s) checked: 1 error(s), 0 warning(s)." in result.output


def test_check_command_on_demo_courses_exits_0(runner):
    result = runner.invoke(args=["courses", "check"])
    assert result.exit_code == 0, result.output


def test_rewrapping_lines_does_not_outdate_a_translation(tree):
    rewrapped = LESSON_1.replace(
        "Buchen Sie einen [Termin](city:appointments). Danach",
        "Buchen Sie einen\n[Termin](city:appointments).   Danach",
    )
    write(
        tree,
        {
            "testkurs/en/01-erste.md": translation(LESSON_1, "First lesson"),
            "testkurs/de/01-erste.md": rewrapped.replace("minutes = 4", "minutes = 5"),
        },
    )
    assert problems_of(tree) == []


def test_hash_command_prints_the_hash_a_translation_needs(tree, runner):
    result = runner.invoke(args=["courses", "hash", str(tree / "testkurs/de/01-erste.md")])
    assert result.exit_code == 0
    assert result.output.startswith(document_hash(LESSON_1) + "  ")


def test_raw_html_is_refused_with_a_markdown_alternative(tree):
    write(
        tree,
        {"testkurs/de/02-zweite.md": LESSON_2 + '\n<img src="https://tracker.example/p.png">\n'},
    )
    [error] = errors_of(tree)
    assert error.startswith(
        "courses/testkurs/de/02-zweite.md:14: HTML tags are not allowed in course text"
    )


def test_reference_style_images_are_checked_too(tree):
    write(
        tree,
        {
            "testkurs/de/02-zweite.md": LESSON_2
            + "\n![][bild]\n\n[bild]: https://tracker.example/p.png\n"
        },
    )
    errors = errors_of(tree)
    assert (
        "courses/testkurs/de/02-zweite.md:14: the image https://tracker.example/p.png has no alt text: describe what it shows between ![ and ]"
        in errors
    )
    assert any(
        e.startswith(
            "courses/testkurs/de/02-zweite.md:14: the image https://tracker.example/p.png is on another website"
        )
        for e in errors
    )


def test_underlined_level_one_heading_is_found(tree):
    write(
        tree,
        {
            "testkurs/de/02-zweite.md": LESSON_2.replace(
                "## Noch ein Abschnitt", "Noch ein Abschnitt\n================="
            )
        },
    )
    assert errors_of(tree) == [
        "courses/testkurs/de/02-zweite.md:6: use '##' for sections: the title from the front matter "
        "is the page's only level-1 heading"
    ]


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_reported_at_its_line(tree, character):
    write(
        tree,
        {"testkurs/de/02-zweite.md": LESSON_2.replace("\n\n", f"\n\nEin{character}Wort\n\n", 1)},
    )
    [error] = errors_of(tree)
    line = LESSON_2.replace("\n\n", "\n\nEin\x00Wort\n\n", 1).split("\n").index("Ein\x00Wort") + 1
    assert error.startswith(f"courses/testkurs/de/02-zweite.md:{line}: an invisible control")
    assert f"U+{ord(character):04X}" in error and "column 4" in error


def test_tabs_and_windows_line_endings_are_fine(tree):
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2.replace("\n", "\r\n").replace("  ", "\t")})
    assert errors_of(tree) == []


def test_a_huge_lesson_is_refused(tree):
    write(tree, {"testkurs/de/02-zweite.md": LESSON_2 + "Sehr langer Text. " * 1_200_000})
    [error] = errors_of(tree)
    assert error.startswith("courses/testkurs/de/02-zweite.md:1: the file is ")
    assert "may be at most 256 KB" in error


def test_a_huge_image_is_refused(tree):
    (tree / "testkurs/de/riesig.png").write_bytes(b"\x89PNG" + b"0" * 2_000_000)
    [error] = errors_of(tree)
    assert error.startswith("courses/testkurs/de/riesig.png:1: the image is ")


def test_a_city_profile_that_is_not_utf_8_is_reported_not_a_crash(tree):
    (tree / "_cities/frankfurt.toml").write_bytes(
        "name = 'Frankfurt'\n# Gr\xfc\xdfe".encode("latin-1")
    )
    assert "courses/_cities/frankfurt.toml:1: the file is not saved as UTF-8 text" in errors_of(
        tree
    )


PRACTICE = """+++
title = "Übung: Einen Termin buchen"
minutes = 8
after = "01-erste"
+++

Hier wird nichts wirklich gebucht.

## Dienstleistung wählen {#dienst}

```choice
? Dienstleistung
- [x] Personalausweis beantragen
- [ ] Reisepass beantragen
! Sie brauchen einen Ausweis.
```
"""


def with_practice(tree, practice=PRACTICE, extra=None):
    course_toml = (tree / "testkurs" / "course.toml").read_text(encoding="utf-8")
    files = {
        "testkurs/course.toml": course_toml + 'practices = ["uebung-termin"]\n',
        "testkurs/de/uebung-termin.md": practice,
    }
    write(tree, {**files, **(extra or {})})


def test_a_practice_listed_and_written_well_has_no_problems(tree):
    with_practice(tree)
    assert problems_of(tree) == []


def test_a_practice_mistake_is_reported_at_its_line_in_the_file(tree):
    with_practice(tree, PRACTICE.replace("! Sie brauchen einen Ausweis.\n", ""))
    # line 11 of the file is the opening fence of the choice
    assert errors_of(tree) == [
        "courses/testkurs/de/uebung-termin.md:11: the 'choice' part has no hint for a second try: "
        "add a line that starts with '! '"
    ]


def test_a_practice_after_an_unknown_lesson_and_a_missing_practice_file(tree):
    with_practice(tree, PRACTICE.replace('after = "01-erste"', 'after = "07-fehlt"'))
    assert errors_of(tree) == [
        "courses/testkurs/de/uebung-termin.md:4: after must name a lesson of this course, "
        "one of: 01-erste, 02-zweite"
    ]
    (tree / "testkurs" / "de" / "uebung-termin.md").unlink()
    assert any("practice 'uebung-termin' is listed here but de/uebung-termin.md" in e
               for e in errors_of(tree))  # fmt: skip


def test_a_practice_translation_must_keep_the_structure(tree):
    english = PRACTICE.replace('title = "Übung: Einen Termin buchen"', 'title = "Practice"')
    english = english.replace("+++\n\n", f'source = "{document_hash(PRACTICE)}"\n+++\n\n', 1)
    with_practice(tree, extra={"testkurs/en/uebung-termin.md": english})
    assert errors_of(tree) == []
    # the right answer moved: a translation must keep the marks where they are
    broken = english.replace("- [x] Personalausweis", "- [ ] Personalausweis").replace(
        "- [ ] Reisepass", "- [x] Reisepass"
    )
    write(tree, {"testkurs/en/uebung-termin.md": broken})
    [error] = errors_of(tree)
    assert error.startswith(
        "courses/testkurs/en/uebung-termin.md:10: the parts of the screen 'dienst'"
    )
