"""Every version of a source-language file that was ever imported, kept beside the course.

`courses/<course>/_history/<document>/<hash>.md` holds the text of one version ("course" for
course.md, otherwise the lesson's slug). The files travel with the course in version control, so a
fresh installation still recognises a translation made from an older source text (outdated, not
broken) and can show translators what changed since.
"""

from __future__ import annotations

from pathlib import Path

HISTORY_DIR = "_history"


def read_history(course_dir: Path) -> dict[str, dict[str, str]]:
    """document → {hash: text} for every recorded version of one course."""
    history: dict[str, dict[str, str]] = {}
    folder = course_dir / HISTORY_DIR
    if not folder.is_dir():
        return history
    for path in sorted(folder.glob("*/*.md")):
        history.setdefault(path.parent.name, {})[path.stem] = path.read_text(encoding="utf-8")
    return history


def record(course_dir: Path, document: str, hash_: str, text: str) -> bool:
    """Keep one version's text; True when it was not kept before."""
    path = course_dir / HISTORY_DIR / document / f"{hash_}.md"
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return True
