"""Open data: the cities publish their course and seminar offer, and anonymous statistics.

Nothing personal is ever in here: see docs/open-data.md and the OpenAPI description openapi.yaml.
"""
