"""Constants and small helpers shared by every test folder (a unique name, so it never clashes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
GENERATED_SPEC = GENERATED / "openapi.augmented.yaml"
RUNTIME_FIXTURE_SPEC = ROOT / "tests" / "runtime" / "fixtures" / "openapi.fixture.yaml"
API_KEY = "sk-test-SECRET-0123456789abcdef"
CREATE = "/kling/v1/images/generations"
VALID_BODY = {"model_name": "kling-v1", "prompt": "a lighthouse at dusk", "n": 2}


if TYPE_CHECKING:
    from generator.fake_server import FakeKlingServer

# The type of the session fixture ``fake_server_pool`` (tests/conftest.py).
FakeServerPool = Callable[[Path], "FakeKlingServer"]
