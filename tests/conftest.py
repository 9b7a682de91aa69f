from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from rollout.content.loader import Content, load_content, load_default_content

FIXTURES = Path(__file__).parent / "content" / "fixtures"

# Property tests check behaviour, not speed (speed lives in benchmarks/): on a shared CI machine
# one example can take longer than Hypothesis's 200 ms default, which would fail a correct test.
settings.register_profile("rollout", deadline=None)
settings.load_profile("rollout")


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped knowledge base."""
    return load_default_content()


@pytest.fixture(scope="session")
def minimal_content() -> Content:
    """A tiny knowledge base for unit tests of the engine's arithmetic."""
    return load_content(FIXTURES / "minimal")
