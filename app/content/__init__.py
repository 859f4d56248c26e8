"""courses/ → database: read the course files, check them, render Markdown once, import.

This package is the only door through which HTML from content reaches the database.
"""
