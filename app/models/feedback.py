"""Reports of barriers ("report a barrier" in every footer), kept for the admins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class BarrierReport(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: The address of the page the report is about (the page the visitor came from).
    page: Mapped[str] = mapped_column(String(500))
    message: Mapped[str] = mapped_column(Text)
    #: How to answer, if the visitor wants an answer: an e-mail address or a phone number.
    contact: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
