"""Tests of running in production. `example_url` builds a URL for any route of the URL map."""

from werkzeug.routing import IntegerConverter


def example_url(rule, number: int = 1) -> str:
    """An address for *rule*: German prefix, *number* for every integer, "months" for a report
    table, "x" for anything else."""
    values = {}
    for name in rule.arguments:
        if name == "lang":
            values[name] = "de"
        elif name == "table":
            values[name] = "months"
        elif isinstance(rule._converters[name], IntegerConverter):
            values[name] = number
        else:
            values[name] = "x"
    return rule.build(values, append_unknown=False)[1]
