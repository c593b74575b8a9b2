"""Where the server listens: the socket is bound here, before anything else starts, so a port in
use is one clear error (RG801) rather than a traceback from inside the web server; and the
server is told which addresses keep the data on this machine."""

from __future__ import annotations

import errno
import socket

from reportgraph.errors import ServeError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def is_local(host: str) -> bool:
    """True for the loopback names this machine alone can reach."""
    return host.strip().lower().strip("[]") in LOCAL_HOSTS


def exposure_warning(host: str) -> str | None:
    """The warning to print before listening on ``host``; None for a loopback address."""
    if is_local(host):
        return None
    return (
        f"listening on {host}, not 127.0.0.1: anyone who can reach this machine on the network "
        "can read the whole store (claims, sentences, sources) and run queries on it."
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` and listening (port 0: any free port).

    RG801 if the port is in use, RG802 if ``host`` cannot be listened on."""
    try:
        infos = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        raise ServeError(
            f"Cannot listen on {host}: {exc.strerror}.",
            "Give --host an address of this machine, such as 127.0.0.1.",
            code="RG802",
        ) from exc
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"Port {port} on {host} is already in use.",
                "Stop the process that uses it, or pick another port with --port.",
                code="RG801",
            ) from exc
        raise ServeError(
            f"Cannot listen on {host} port {port}: {exc.strerror or exc}.",
            "Give --host an address of this machine and --port a free port above 1023.",
            code="RG802",
        ) from exc
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    """``http://host:port/`` of a listening socket (IPv6 addresses in brackets)."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
