"""A build's tally: what each document came to, counted and reported as it happens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportgraph.errors import ReportgraphError
from reportgraph.models import Document, Failure
from reportgraph.rdf.store import WriteOutcome


@dataclass
class BuildProgress:
    """Passed to the progress callback after each document."""

    done: int
    total: int | None  # None while input files remain to be read
    path: str
    outcome: str


ProgressCallback = Callable[[BuildProgress], None]


class Tally:
    """Documents read, write outcomes and failures of one build; calls ``progress`` after each
    document. The total is known once ``reading`` is over."""

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self.read = 0  # documents read (not counting failures)
        self.reading = True
        self.counts: dict[WriteOutcome, int] = {"added": 0, "unchanged": 0, "replaced": 0}
        self.read_failures: list[Failure] = []
        self.failures: list[Failure] = []  # of extraction and writing
        self._done = 0
        self._progress = progress

    def report(self, path: str, outcome: str) -> None:
        """One more document done."""
        self._done += 1
        if self._progress is not None:
            total = None if self.reading else self.read
            self._progress(BuildProgress(self._done, total, path, outcome))

    def record(self, doc: Document, outcome: WriteOutcome | ReportgraphError | Failure) -> None:
        """What writing ``doc`` came to: an outcome, the error that stopped it, or the failure
        of its extraction."""
        if isinstance(outcome, Failure):
            self.failures.append(outcome)
        elif isinstance(outcome, ReportgraphError):
            failure = Failure(
                path=doc.path, code=outcome.code, message=outcome.cause, fix=outcome.fix
            )
            self.failures.append(failure)
        else:
            self.counts[outcome] += 1
        self.report(doc.path, outcome if isinstance(outcome, str) else "failed")

    def all_failures(self) -> list[Failure]:
        """Every failure, those of reading first, each in input order."""
        return self.read_failures + self.failures
