"""Lessons, self-checks, enrollment, progress, "My courses" and certificates."""
