"""Translators' pages: what is translated, what is outdated, and what changed in the source."""
