"""Refuse requests whose Host header names another site (DNS rebinding).

A page on another site can make a browser resolve its own name to 127.0.0.1 and then read
this server as if it were that site. The browser still sends that site's name in ``Host``, so
the server answers only Hosts it is known by: the loopback names, and the ``--host`` it was
told to listen on. Anything else gets 421 Misdirected Request, with a plain-text reason.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def host_name(header: str) -> str:
    """``example.org:8001`` -> ``example.org``; ``[::1]:8001`` -> ``::1``; lowercased."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def guarded(app: App, allowed: frozenset[str]) -> App:
    """``app``, answering only requests whose Host is one of ``allowed`` (names, no ports)."""
    names = frozenset(n.lower().strip("[]") for n in allowed)

    async def guard(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") == "http":
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if host_name(host) not in names:
                body = b"This server answers only requests addressed to it (the Host header).\n"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 421,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await app(scope, receive, send)

    return guard
