"""CSV downloads: for spreadsheets (staff lists and reports) and for machines (open data)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response


def spreadsheet_text(value: str) -> str:
    """A cell that Excel or LibreOffice cannot take for a formula (OWASP's CSV injection advice)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    filename: str,
    *,
    for_spreadsheets: bool = True,
) -> Response:
    """A CSV download.

    For spreadsheets: ';' and a byte order mark, so that Excel with German settings opens umlauts
    and columns right. For machines (open data): RFC 4180 (',' and no byte order mark).
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if for_spreadsheets else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    body = ("\ufeff" if for_spreadsheets else "") + out.getvalue()
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
