"""Seminar fixtures (the factories are in tests/factories.py)."""

from __future__ import annotations

import pytest

from tests.factories import make_seminar


@pytest.fixture
def seminar():
    return make_seminar()
