from __future__ import annotations

from pathlib import Path

import pytest

from rollout.content.loader import Content, load_content, load_default_content

FIXTURES = Path(__file__).parent / "content" / "fixtures"


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped knowledge base."""
    return load_default_content()


@pytest.fixture(scope="session")
def minimal_content() -> Content:
    """A tiny knowledge base for unit tests of the engine's arithmetic."""
    return load_content(FIXTURES / "minimal")
