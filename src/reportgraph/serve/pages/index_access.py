"""Reading the claims index for the explorer's pages: read-only, off the event loop.

:class:`ReadOnlyIndex` is a :class:`~reportgraph.claims_index.ClaimsIndex` whose connection is
opened with SQLite's ``mode=ro`` and that never writes (no schema, no version stamp): its
reads (entity tables, raw claim rows, figure rows) are the library's own, and a write would
fail. Each page opens one for its request in a worker thread and closes it after.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reportgraph.claims_index import ClaimsIndex
from reportgraph.errors import StoreError

T = TypeVar("T")


class ReadOnlyIndex(ClaimsIndex):
    """The claims index at ``path``, opened read-only."""

    def __init__(self, path: Path) -> None:  # no super().__init__(): it writes
        self.path = path
        try:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as err:
            raise self._unreadable(err) from err


def read_index(path: Path, read: Callable[[ReadOnlyIndex], T]) -> T:
    """``read`` on the index at ``path``, opened for this call alone."""
    index = ReadOnlyIndex(path)
    try:
        return read(index)
    except sqlite3.Error as err:
        raise StoreError(
            f"The claims index {path} could not be read: {err}",
            "Run `reportgraph reindex` to rebuild it from the store.",
            code="RG331",
        ) from err
    finally:
        index.close()


async def in_thread(path: Path, read: Callable[[ReadOnlyIndex], T]) -> T:
    """:func:`read_index` in a worker thread, so the event loop keeps serving."""
    return await asyncio.to_thread(read_index, path, read)
