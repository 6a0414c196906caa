"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures", "browser")

ROOT = Path(__file__).resolve().parent.parent
"""The repository root: the real site's sources."""


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing`` finds ``tests/roots/test-<name>``."""
    return Path(__file__).resolve().parent / "roots"
