"""The development gold scores never fall below what the README states.

The README's "Measured on the development gold data" section is the promise: its figure table
(found, right qualifier, kind and source out of the gold figures) and its alias line ("N of M
resolve to one entity"). This test reads those numbers from the README, runs the command the
README gives (``reportgraph eval``) on a build of the sample corpus, and fails when a score is
lower, or when the README no longer states them. The gold files are read from ../shared/eval.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from paths import ROOT, SHARED
from processes import WAIT, env

pytestmark = pytest.mark.corpus
GOLD, ALIASES = SHARED / "eval" / "dev_gold.jsonl", SHARED / "eval" / "dev_aliases.json"
_ROWS = {
    "gold figures": "gold",
    "found": "found",
    "right qualifier": "qualifier_ok",
    "right kind": "kind_ok",
    "right source": "source_ok",
}


def stated() -> tuple[dict[str, int], tuple[int, int]]:
    """The figure scores and (resolved, groups) of aliases the README states."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Measured on the development gold data", 1)[-1].split("\n## ", 1)[0]
    figures = {
        _ROWS[label]: int(value)
        for label, value in re.findall(r"^\| ([a-z ]+) \| (\d+) \|$", section, re.M)
        if label in _ROWS
    }
    aliases = re.search(r"(\d+) of (\d+) resolve to one entity", section)
    assert set(figures) == set(_ROWS.values()), "the README's dev-gold figure table changed"
    assert aliases is not None, "the README no longer states the alias groups resolved"
    return figures, (int(aliases.group(1)), int(aliases.group(2)))


def test_the_readme_states_the_scores() -> None:
    figures, (resolved, groups) = stated()
    assert 0 < figures["found"] <= figures["gold"] and 0 < resolved <= groups


@pytest.fixture(scope="module")
def scores(sample_store: Path) -> tuple[dict[str, int], dict[str, int]]:
    if not GOLD.is_file() or not ALIASES.is_file():
        pytest.skip(f"dev gold not found in {GOLD.parent}")
    cmd = [sys.executable, "-m", "reportgraph.cli", "eval", str(GOLD), "--aliases", str(ALIASES)]
    done = subprocess.run(
        [*cmd, "--store", str(sample_store), "--format", "jsonl"],
        env=env(),
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert done.returncode == 0, done.stderr
    figure_score, alias_score = (json.loads(line) for line in done.stdout.splitlines())
    return figure_score, alias_score


def test_figure_scores_reach_the_readme(scores: tuple[dict[str, int], dict[str, int]]) -> None:
    figures, _ = stated()
    got = scores[0]
    assert got["gold"] == figures["gold"], "the gold file changed: measure and update the README"
    for key in ("found", "qualifier_ok", "kind_ok", "source_ok"):
        assert got[key] >= figures[key], f"{key}: {got[key]} < {figures[key]} (README)"


def test_alias_scores_reach_the_readme(scores: tuple[dict[str, int], dict[str, int]]) -> None:
    _, (resolved, groups) = stated()
    got = scores[1]
    assert got["groups"] == groups, "the alias file changed: measure and update the README"
    assert got["resolved"] >= resolved, f"aliases resolved {got['resolved']} < {resolved}"
