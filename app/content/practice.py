"""Practices: guided screens that look like a plain e-service page, written by course authors.

A practice file is Markdown with front matter, like a lesson. After an introduction, each `##`
heading with an id (`## Termin wählen {#termin}`) starts a screen: its task in Markdown, then its
parts as fenced blocks that use the sigils of self-checks (`?` label, `- [x]`/`- [ ]` options, `!`
hint, `>` feedback) and a few `key: value` lines. This module reads a body into screens and parts
and says what is wrong, each problem with its 0-based body line; the checker adds the file and
the front matter's offset.

Kinds of parts:

- `choice`, `search`: pick from a list (`search` adds a search box filtering the list, on the
  server); options may send the learner elsewhere: `- [x] Termin absagen -> abgesagt`.
- `slots`: time slots; `- [-] 08:30` is taken (shown, not choosable).
- `calendar`: a month grid: `month: 2027-03`, `free: 3, 4, 10`, optionally `right: 10`.
- `field`: a text field with `rule:` (`required`, `email`, `digits 6`, `equals 123456`, joined
  with commas) and the `error:` a real portal would show.
- `consent`: a box to tick, with its `error:`.
- `message`: an e-mail or letter in an inbox: `from:`, `subject:`, then its text.
- `button`: the label of the screen's button.
- `confirmation`: the end of a booking: a booking number is shown. A screen with it ends the
  practice, as the last screen does; other screens lead to the next one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.content.body import FENCE_RE, HEADING_RE
from app.content.render import links_as_text

#: What each kind of part may contain, beyond its `?` label.
KINDS: dict[str, frozenset[str]] = {
    "choice": frozenset({"options", "hint", "feedback"}),
    "search": frozenset({"options", "hint", "feedback"}),
    "slots": frozenset({"options", "hint", "feedback"}),
    "calendar": frozenset({"month", "free", "right", "hint", "feedback"}),
    "field": frozenset({"rule", "error", "example", "hint", "feedback"}),
    "consent": frozenset({"error", "feedback"}),
    "message": frozenset({"from", "subject", "text"}),
    "button": frozenset(),
    "confirmation": frozenset({"text"}),
}
#: Parts a learner can get wrong: they need a hint (`! …`) for the second try.
ANSWERED = frozenset({"choice", "search", "slots", "calendar", "field"})
#: Parts that need a `? ` label.
LABELLED = frozenset({"choice", "search", "slots", "calendar", "field", "consent", "button"})
RULES = ("required", "email", "digits", "equals")
#: Screen ids are stored with each learner's steps (app/models/learning.py: PracticeStep.screen).
MAX_SCREEN_ID = 40

SCREEN_RE = re.compile(r"^(.*?)\s*\{#([a-z0-9-]+)\}\s*$")
OPTION_RE = re.compile(r"^-\s+\[([ xX-])\]\s+(.+?)(?:\s+->\s+([a-z0-9-]+))?$")
SETTING_RE = re.compile(r"^([a-z]+):\s*(.*)$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Option:
    text: str
    right: bool = False
    taken: bool = False
    #: The screen this option leads to, instead of the next one.
    goto: str | None = None


@dataclass
class Part:
    kind: str
    #: 0-based body line of the opening fence
    line: int
    label: str = ""
    options: list[Option] = field(default_factory=list)
    hint: str = ""
    feedback: str = ""
    settings: dict[str, str] = field(default_factory=dict)
    text: list[str] = field(default_factory=list)


@dataclass
class Screen:
    id: str
    title: str
    line: int
    #: The task, in Markdown (rendered at import).
    text: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    @property
    def ends(self) -> bool:
        return any(part.kind == "confirmation" for part in self.parts)


@dataclass
class Practice:
    intro: list[str] = field(default_factory=list)
    screens: list[Screen] = field(default_factory=list)


Problems = list[tuple[int, str]]


def parse_practice(body: str) -> tuple[Practice, Problems]:
    """Screens and parts of a practice body, and what is wrong with them (0-based lines)."""
    practice = Practice()
    problems: Problems = []
    lines = body.split("\n")
    fence: tuple[str, int, str] | None = None
    for index, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if fence is not None:
            marker, start, kind = fence
            if match and match.group(2).startswith(marker) and not match.group(3):
                problems += _add_part(practice, kind, start, lines[start + 1 : index])
                fence = None
            continue
        if match:
            fence = (match.group(2), index, match.group(3).lower())
            continue
        heading = HEADING_RE.match(line)
        if heading and len(heading.group(1)) == 2:
            problems += _add_screen(practice, heading.group(2) or "", index)
        elif practice.screens:
            practice.screens[-1].text.append(line)
        else:
            practice.intro.append(line)
    if fence is not None:
        problems.append((fence[1], "this code block is never closed: add a line with ``` after it"))
    if not practice.screens:
        problems.append((0, "a practice needs at least one screen: a '## Title {#id}' heading"))
    return practice, problems + check_flow(practice)


def _add_screen(practice: Practice, heading: str, index: int) -> Problems:
    titled = SCREEN_RE.match(heading)
    if titled is None:
        practice.screens.append(Screen(f"screen-{len(practice.screens) + 1}", heading, index))
        return [
            (
                index,
                "a screen heading needs an id that translations keep, at its end: "
                "'## Termin wählen {#termin}' (a–z, 0–9 and '-')",
            )
        ]
    title, screen_id = titled.group(1), titled.group(2)
    problems: Problems = []
    if len(screen_id) > MAX_SCREEN_ID:
        problems.append((index, f"a screen id may have at most {MAX_SCREEN_ID} characters"))
    if any(screen.id == screen_id for screen in practice.screens):
        problems.append((index, f"the id '{screen_id}' is used by another screen already"))
    practice.screens.append(Screen(screen_id, title, index))
    return problems


def _add_part(practice: Practice, kind: str, start: int, lines: list[str]) -> Problems:
    """Parse one fenced block; code blocks of other kinds stay part of the text."""
    if kind not in KINDS:
        if kind in ("", "text") or not practice.screens:
            return []  # a code block in the task text, or the introduction's
        return [(start, f"unknown part '{kind}': use one of {', '.join(KINDS)}")]
    if not practice.screens:
        return [(start, "parts belong on a screen: put a '## Title {#id}' heading above it")]
    part = Part(kind, start)
    problems = [(start + 1 + offset, problem) for offset, problem in _read_lines(part, lines)]
    problems += [(start, problem) for problem in _complete(part)]
    practice.screens[-1].parts.append(part)
    return problems


def _read_lines(part: Part, lines: list[str]) -> Problems:
    allowed = KINDS[part.kind]
    problems: Problems = []
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            if part.text:
                part.text.append("")
            continue
        option = OPTION_RE.match(line)
        setting = SETTING_RE.match(line)
        if line.startswith("? ") and part.kind in LABELLED and not part.label:
            part.label = line[2:].strip()
        elif option and "options" in allowed:
            problems += _read_option(part, option, offset)
        elif line.startswith("! ") and "hint" in allowed:
            part.hint = " ".join(filter(None, [part.hint, line[2:].strip()]))
        elif line.startswith("> ") and "feedback" in allowed:
            part.feedback = " ".join(filter(None, [part.feedback, line[2:].strip()]))
        elif setting and setting.group(1) in allowed and setting.group(1) != "text":
            part.settings[setting.group(1)] = setting.group(2).strip()
        elif "text" in allowed:
            part.text.append(line)
        else:
            problems.append((offset, _not_understood(part.kind)))
    return problems


def _read_option(part: Part, option: re.Match, offset: int) -> Problems:
    mark = option.group(1).lower()
    if mark == "-" and part.kind != "slots":
        return [(offset, "only time slots can be taken ('- [-] 08:30'): use '- [ ]' or '- [x]'")]
    part.options.append(Option(option.group(2), mark == "x", mark == "-", option.group(3)))
    return []


def _not_understood(kind: str) -> str:
    allowed = sorted(KINDS[kind] - {"options", "hint", "feedback", "text"})
    sigils = ["'? ' for the label"] if kind in LABELLED else []
    if "options" in KINDS[kind]:
        sigils.append("'- [ ] ' or '- [x] ' for an option")
    if "hint" in KINDS[kind]:
        sigils.append("'! ' for the hint")
    if "feedback" in KINDS[kind]:
        sigils.append("'> ' for the feedback")
    sigils += [f"'{key}: '" for key in allowed]
    return f"this line of the '{kind}' part is not understood: start it with " + ", ".join(sigils)


def _complete(part: Part) -> list[str]:
    """What a whole part still lacks, and settings no answer can satisfy."""
    problems = []
    if part.kind in LABELLED and not part.label:
        problems.append(f"the '{part.kind}' part has no label: add a line that starts with '? '")
    if part.kind in ANSWERED and not part.hint and not _cannot_be_wrong(part):
        problems.append(
            f"the '{part.kind}' part has no hint for a second try: add a line that starts with '! '"
        )
    if "options" in KINDS[part.kind]:
        problems += _check_options(part)
    checks = {"calendar": _check_calendar, "field": _check_field, "consent": _check_consent}
    if part.kind in checks:
        problems += checks[part.kind](part)
    if part.kind == "message":
        problems += [
            f"the message has no '{key}: ' line"
            for key in ("from", "subject")
            if key not in part.settings
        ]
    return problems


def _cannot_be_wrong(part: Part) -> bool:
    """A choice whose every option is right or a way on ("Done" or "Cancel the appointment ->"):
    only choosing nothing is a mistake, and the page says so without a hint."""
    return part.kind == "choice" and all(o.right or o.goto for o in part.options)


def _check_options(part: Part) -> list[str]:
    choosable = [option for option in part.options if not option.taken]
    if len(choosable) < 2:
        return [f"the '{part.kind}' part needs at least two options that can be chosen"]
    if not any(option.right for option in choosable):
        return ["no option is marked right: mark it with '- [x] '"]
    return []


def days(setting: str) -> set[int]:
    """The days a calendar setting lists ("3, 4, 10"); ValueError for anything but numbers."""
    return {int(day) for day in setting.split(",") if day.strip()}


def rules(setting: str) -> dict[str, str]:
    """A field's rules ("required, digits 6") as name → value ("" for a rule without one)."""
    found = {}
    for rule in filter(None, (part.strip() for part in setting.split(","))):
        name, _, value = rule.partition(" ")
        found[name] = value.strip()
    return found


def _check_calendar(part: Part) -> list[str]:
    month = MONTH_RE.match(part.settings.get("month", ""))
    if month is None or not 1 <= int(month.group(2)) <= 12:
        return ["the calendar needs its month as 'month: 2027-03'"]
    days_in_month = calendar.monthrange(int(month.group(1)), int(month.group(2)))[1]
    try:
        free = days(part.settings.get("free", ""))
        right = days(part.settings.get("right", ""))
    except ValueError:
        return ["'free:' and 'right:' list days of the month as numbers: 'free: 3, 4, 10'"]
    if not free:
        return ["no day is free, so no answer is right: list free days as 'free: 3, 4, 10'"]
    if any(not 1 <= day <= days_in_month for day in free | right):
        return [f"{part.settings['month']} has days 1 to {days_in_month} only"]
    if not right <= free:
        return ["a day in 'right:' is not free, so no answer is right: list it in 'free:' too"]
    return []


def _check_field(part: Part) -> list[str]:
    problems = []
    if "error" not in part.settings:
        problems.append(
            "the field has no 'error: ' line: write what a portal shows for a wrong entry"
        )
    wanted = rules(part.settings.get("rule", ""))
    unknown = [name for name in wanted if name not in RULES]
    if unknown:
        return [*problems, f"unknown rule '{unknown[0]}': use {', '.join(RULES)}"]
    if not wanted:
        return [*problems, "the field has no 'rule: ' line (required, email, digits 6, equals …)"]
    if "digits" in wanted and not (wanted["digits"].isdigit() and 1 <= int(wanted["digits"]) <= 40):
        return [*problems, "write 'digits' with the number of digits: 'digits 6'"]
    if "equals" in wanted:
        problems += _satisfiable(wanted)
    example = part.settings.get("example")
    if example is not None and not problems and not meets_rules(wanted, example):
        problems.append(f"the example '{example}' does not meet the field's own rule")
    return problems


def meets_rules(rules: dict[str, str], entry: str) -> bool:
    """Whether *entry* (stripped, not empty) meets a field's *rules* (as _check_field read them):
    the one judgement of fields, for the checker's examples and the learner's entries."""
    if "email" in rules and not EMAIL_RE.match(entry):
        return False
    if "digits" in rules and not (
        entry.isascii() and entry.isdigit() and len(entry) == int(rules["digits"])
    ):
        return False
    return not ("equals" in rules and entry != rules["equals"])


def _satisfiable(rules: dict[str, str]) -> list[str]:
    """The one accepted entry of an `equals` rule must pass the field's other rules."""
    wanted = rules["equals"]
    if not wanted:
        return ["'equals' needs the one entry it accepts: 'equals 123456'"]
    if "digits" in rules and not (wanted.isdigit() and len(wanted) == int(rules["digits"])):
        return [f"no entry can be both '{wanted}' and {rules['digits']} digits"]
    if "email" in rules and not EMAIL_RE.match(wanted):
        return [f"no entry can be both '{wanted}' and an e-mail address"]
    return []


def _check_consent(part: Part) -> list[str]:
    if "error" not in part.settings:
        return ["the consent box has no 'error: ' line: say why it must be ticked"]
    return []


def check_flow(practice: Practice) -> Problems:
    """Links to screens that do not exist, and screens no learner can reach from the first."""
    ids = {screen.id: screen for screen in practice.screens}
    problems: Problems = []
    following: dict[str, set[str]] = {}
    for position, screen in enumerate(practice.screens):
        targets = set()
        if not screen.ends and position + 1 < len(practice.screens):
            targets.add(practice.screens[position + 1].id)
        for part in screen.parts:
            for option in part.options:
                if option.goto is None:
                    continue
                if option.goto in ids:
                    targets.add(option.goto)
                else:
                    problems.append((part.line, f"there is no screen with the id '{option.goto}'"))
        following[screen.id] = targets
    reached: set[str] = set()
    waiting = [practice.screens[0].id] if practice.screens else []
    while waiting:
        current = waiting.pop()
        if current not in reached:
            reached.add(current)
            waiting += following[current] - reached
    for screen in practice.screens:
        if screen.id not in reached:
            problems.append(
                (
                    screen.line,
                    f"no learner can reach the screen '{screen.id}': the screen before it ends the "
                    "practice and no option leads here: end an option with '-> " + screen.id + "'",
                )
            )
    return problems


def stored_screens(practice: Practice, html: Callable[[list[str]], str]) -> list[dict[str, Any]]:
    """The screens as the database keeps them (JSON), Markdown turned into HTML by *html*."""
    return [
        {
            "id": screen.id,
            "title": screen.title,
            "html": html(screen.text),
            "parts": [
                {
                    "kind": part.kind,
                    "label": part.label,
                    "options": [
                        {"text": o.text, "right": o.right, "taken": o.taken, "goto": o.goto}
                        for o in part.options
                    ],
                    "hint": part.hint,
                    "feedback": part.feedback,
                    "settings": part.settings,
                    "html": _part_html(part, html) if part.text else "",
                }
                for part in screen.parts
            ],
        }
        for screen in practice.screens
    ]


def _part_html(part: Part, html: Callable[[list[str]], str]) -> str:
    # A message's links are shown with their address, never followed (render.links_as_text).
    rendered = html(part.text)
    return links_as_text(rendered) if part.kind == "message" else rendered


def structure(practice: Practice) -> list[tuple]:
    """What a translation must keep: screens, their ids, parts, options and their marks, rules."""
    return [
        (
            screen.id,
            [
                (
                    part.kind,
                    [(option.right, option.taken, option.goto) for option in part.options],
                    {key: value for key, value in part.settings.items() if key in KEPT_SETTINGS},
                )
                for part in screen.parts
            ],
        )
        for screen in practice.screens
    ]


#: Settings that are the same in every language (the others are words to translate).
KEPT_SETTINGS = frozenset({"month", "free", "right", "rule"})


def compare_structure(source: Practice, translation: Practice) -> Problems:
    """Where a translation departs from its source's structure (0-based lines of the translation)."""
    problems: Problems = []
    source_screens = {screen.id: screen for screen in source.screens}
    if [s.id for s in translation.screens] != [s.id for s in source.screens]:
        problems.append(
            (
                translation.screens[0].line if translation.screens else 0,
                "the screens differ from the original: keep every '## … {#id}' heading, "
                "with the same ids in the same order ("
                + ", ".join(screen.id for screen in source.screens)
                + ")",
            )
        )
        return problems
    for screen in translation.screens:
        original = source_screens[screen.id]
        if structure(Practice(screens=[screen])) != structure(Practice(screens=[original])):
            problems.append(
                (
                    screen.line,
                    f"the parts of the screen '{screen.id}' differ from the original: keep the same "
                    "parts in the same order, the same number of options with the same marks "
                    "('[x]', '[ ]', '[-]', '-> id'), and 'month', 'free', 'right' and 'rule' as "
                    "they are",
                )
            )
    return problems
