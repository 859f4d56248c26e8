"""The start page with the course catalogue, course pages, and course media."""
