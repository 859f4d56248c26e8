"""QR codes as inline SVG (segno: pure Python, no images to serve)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str, title: str = "") -> Markup:
    """An SVG QR code for *url*; decorative, since the address is always printed next to it.
    It has a viewBox and no size of its own: the stylesheet gives each use its size, and the code
    scales with it (on screen and on paper)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4, border=2, dark="#000", light="#fff", omitsize=True
    )
    # segno's markup is generated from the URL's bits only: no text from users reaches it.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
