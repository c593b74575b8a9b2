"""Credentials for a remote store: from the environment or a file, never the command line.

In order of precedence:

- ``REPORTGRAPH_STORE_CREDENTIALS=PATH``: a file only its owner may read (mode 0600 or
  stricter, else RG348), holding either ``token = ...`` or ``user = ...`` and
  ``password = ...`` lines (``#`` starts a comment);
- ``REPORTGRAPH_STORE_TOKEN``: a bearer token;
- ``REPORTGRAPH_STORE_USER`` and ``REPORTGRAPH_STORE_PASSWORD``: HTTP basic credentials.

A secret never appears in a ``repr``, a ``str`` or an error message (:func:`redact` scrubs it
from text a server sends back), and it is never sent in clear text: credentials over plain
``http://`` are refused (RG348) unless the server is on this machine's loopback.
"""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reportgraph.errors import StoreError

CREDENTIALS_ENV = "REPORTGRAPH_STORE_CREDENTIALS"
TOKEN_ENV = "REPORTGRAPH_STORE_TOKEN"
USER_ENV = "REPORTGRAPH_STORE_USER"
PASSWORD_ENV = "REPORTGRAPH_STORE_PASSWORD"
_KEYS = ("token", "user", "password")


@dataclass(frozen=True)
class Credentials:
    """A bearer token or basic credentials; the secret is left out of ``repr``."""

    kind: str  # "bearer" or "basic"
    user: str = ""
    secret: str = field(default="", repr=False)
    origin: str = ""  # where they came from (an environment variable or a file), for messages

    def header(self) -> str:
        """The ``Authorization`` header's value."""
        if self.kind == "bearer":
            return f"Bearer {self.secret}"
        pair = f"{self.user}:{self.secret}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def __str__(self) -> str:
        who = f" for {self.user}" if self.user else ""
        return f"{self.kind} credentials{who} from {self.origin}"


def from_environment(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials the environment names, or None; RG348 if they are unusable."""
    env = os.environ if environ is None else environ
    path = env.get(CREDENTIALS_ENV, "").strip()
    if path:
        return from_file(Path(path).expanduser())
    token = env.get(TOKEN_ENV, "")
    if token.strip():
        return Credentials("bearer", secret=_clean(token.strip(), TOKEN_ENV), origin=TOKEN_ENV)
    user, password = env.get(USER_ENV, ""), env.get(PASSWORD_ENV, "")
    if user or password:
        if not (user and password):
            raise _unusable(f"only one of {USER_ENV} and {PASSWORD_ENV} is set")
        origin = f"{USER_ENV}/{PASSWORD_ENV}"
        return Credentials("basic", _clean(user, USER_ENV), _clean(password, origin), origin)
    return None


def from_file(path: Path) -> Credentials:
    """Credentials from ``path`` (see the module docstring)."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _unusable(f"the file {path} cannot be read ({type(exc).__name__})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise StoreError(
            f"The credentials file {path} may be read by other users (mode {mode & 0o777:o}).",
            f"Make it private: chmod 600 {path}.",
            code="RG348",
        )
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip().lower()
        if not sep or key not in _KEYS:
            raise _unusable(f"line {number} of {path} is not token=, user= or password=")
        values[key] = value.strip()
    origin = str(path)
    if values.get("token"):
        return Credentials("bearer", secret=_clean(values["token"], origin), origin=origin)
    if values.get("user") and values.get("password"):
        user, secret = _clean(values["user"], origin), _clean(values["password"], origin)
        return Credentials("basic", user, secret, origin)
    raise _unusable(f"{path} holds neither a token nor both a user and a password")


def redact(text: str, credentials: Credentials | None) -> str:
    """``text`` with the secret (and its header form) replaced by ``***``."""
    if credentials is None or not credentials.secret:
        return text
    for secret in (credentials.header(), credentials.secret):
        text = text.replace(secret, "***")
    return text


def _clean(value: str, origin: str) -> str:
    """A value that can go in an HTTP header (no control characters), or RG348."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise _unusable(f"the value from {origin} holds control characters")
    return value


def _unusable(why: str) -> StoreError:
    return StoreError(
        f"The store credentials are unusable: {why}.",
        f"Set {TOKEN_ENV} (a bearer token), or {USER_ENV} and {PASSWORD_ENV}, or point "
        f"{CREDENTIALS_ENV} at a private file of token= or user= and password= lines.",
        code="RG348",
    )
