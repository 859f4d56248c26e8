"""Tools run by hand or by make (screenshots); they share the browser settings with the tests."""
