"""CSV downloads: for spreadsheets (staff lists and reports) and for machines (open data)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response


def spreadsheet_text(value: str) -> str:
    """A cell that Excel or LibreOffice cannot take for a formula (OWASP's CSV injection advice)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def cell(value: object) -> object:
    """A value as every CSV of the site writes it: text safe from formula injection (whatever
    typed it: a trainer, a course author), booleans as true/false, None as an empty cell."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    filename: str,
    *,
    for_spreadsheets: bool = True,
) -> Response:
    """A CSV download.

    For spreadsheets: ';' and a byte order mark, so that Excel with German settings opens umlauts
    and columns right. For machines (open data): RFC 4180 (',' and no byte order mark). Either
    way every cell goes through `cell`: open data is opened in spreadsheets too.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if for_spreadsheets else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    body = ("\ufeff" if for_spreadsheets else "") + out.getvalue()
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
