"""Where the tests find the project and the shared sample data (one place, whatever the depth of
the test module that asks)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SRC = ROOT / "src"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
