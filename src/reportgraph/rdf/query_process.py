"""A user's query in a child process, stopped at its time limit or on Ctrl-C whatever it does.

Oxigraph evaluates a query in Rust, in calls that Python can neither interrupt nor time out
(pyoxigraph 0.5 has no query timeout and no cancellation): a cartesian product ignores Ctrl-C
for as long as it runs. So :func:`run_bounded` forks a child that runs the query on the store
the parent has open (the fork shares it; the child only reads and leaves with ``os._exit``,
never closing it) and sends the rows back pickled through a pipe. The parent waits on the pipe
and, at the deadline, on Ctrl-C or on any other exception, kills the child (SIGKILL) and reaps
it. Nothing is written, so a killed query leaves the store as it was, and its snapshot stays
held by the parent until the parent closes it.

The child dies on its own too: at Ctrl-C from a terminal (SIGINT has its default action there,
which works even in the middle of Rust code), a few seconds after its deadline (SIGALRM, also
default), and when its parent dies (Linux's parent-death signal), so no query outlives its
command. A fork costs a few milliseconds (``bench/query_overhead.py``). Call it from one thread
at a time: a fork copies only the calling thread. :func:`run_bounded_call` runs any other
read of the store the same way (the SPARQL endpoint serializes its answer in the child).

A remote store (``rdf/remote``) is not forked for: its query is one HTTP request, bounded by
the same ``timeout`` on the client side (RG405 when the answer is not in by then; Ctrl-C stops
the request). The server may go on computing until it next writes to the closed connection;
``oxigraph serve --timeout-s`` bounds it there (docs/deployment.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import math
import os
import pickle
import selectors
import signal
import time
from collections.abc import Callable, Mapping
from typing import NoReturn, TypeVar, cast

from reportgraph.errors import QueryError, ReportgraphError
from reportgraph.rdf.remote.store import RemoteStore
from reportgraph.rdf.store import GraphStore, QueryResult, Term

T = TypeVar("T")
DEFAULT_TIMEOUT = 30.0  # seconds
_GRACE = 5.0  # the child's own alarm rings this long after its deadline
_PR_SET_PDEATHSIG = 1
_CHUNK = 1 << 16
_EXITING: set[int] = set()  # children that answered and were still exiting: reaped later


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()  # loaded once here, not in every child


def run_bounded(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> QueryResult:
    """``store.select(sparql, bindings)`` in a child process, stopped after ``timeout`` seconds
    (None: no limit) with RG405; Ctrl-C stops it and raises KeyboardInterrupt. A remote
    store's query is bounded by its HTTP exchange instead (see the module docstring)."""
    if isinstance(store, RemoteStore):
        _check_limit(timeout)
        return store.select(sparql, bindings, timeout=timeout)
    return run_bounded_call(lambda: store.select(sparql, bindings), timeout=timeout)


def run_bounded_call(work: Callable[[], T], *, timeout: float | None = DEFAULT_TIMEOUT) -> T:
    """``work()`` in a forked child, its (picklable) value sent back; stopped after ``timeout``
    seconds (None: no limit) with RG405, or by Ctrl-C (KeyboardInterrupt). ``work`` only reads:
    what it changes in the child is lost. Its ReportgraphError is raised here, an Oxigraph
    RuntimeError as RG409."""
    _check_limit(timeout)
    if not hasattr(os, "fork"):  # no fork on this platform: in this process, unbounded
        return work()
    _reap_exited()
    deadline = None if timeout is None else time.monotonic() + timeout
    parent = os.getpid()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(work, timeout, write_end, parent)
    os.close(write_end)
    try:
        data = _read(read_end, deadline)
    except BaseException:
        _stop(pid)
        raise
    finally:
        os.close(read_end)
    if data is None:
        _stop(pid)
        raise QueryError(
            f"The query ran past its time limit of {timeout:g} s and was stopped.",
            "Narrow the query (a LIMIT, fewer unbound patterns, no cartesian product), or "
            "raise the limit: --timeout SECONDS (0: no limit), timeout= in Python.",
            code="RG405",
        )
    return cast(T, _outcome(pid, data))


def _check_limit(timeout: float | None) -> None:
    if timeout is not None and not (math.isfinite(timeout) and timeout > 0):
        raise QueryError(
            f"The time limit must be a positive number of seconds, not {timeout!r}.",
            "Give a positive --timeout (0 on the command line, or None in Python: no limit).",
            code="RG410",
        )


def _read(fd: int, deadline: float | None) -> bytes | None:
    """Everything the child writes, until it closes the pipe; None at the deadline."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return None
            if not selector.select(wait):
                continue
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _stop(pid: int) -> None:
    """Kill the child and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _reap_exited() -> None:
    """Reap the children that answered and had not finished exiting then."""
    for pid in list(_EXITING):
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                continue
        _EXITING.discard(pid)


def _outcome(pid: int, data: bytes) -> object:
    """The child's answer: its rows, or the error it raised. A child that answered closed the
    pipe before leaving: it is reaped now if it has left, else later (the kernel unmapping a
    large process's memory takes milliseconds that nobody needs to wait for)."""
    answer = _unpickled(data)
    if answer is not None:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == 0:
                _EXITING.add(pid)
        return _answer(*answer)
    _, status = os.waitpid(pid, 0)  # no answer, or half of one: how did it end?
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT:
        raise KeyboardInterrupt
    how = (
        f"killed by signal {os.WTERMSIG(status)}"
        if os.WIFSIGNALED(status)
        else f"exit code {os.waitstatus_to_exitcode(status)}"
    )
    raise QueryError(
        f"The query's process ended without an answer ({how}).",
        "Narrow the query (a LIMIT, fewer columns): a very large answer can exhaust memory.",
        code="RG409",
    )


def _unpickled(data: bytes) -> tuple[str, object] | None:
    """The child's (kind, value), pickled by our own child just now; None if it was cut."""
    try:
        kind, value = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError):
        return None
    return str(kind), value


def _answer(kind: str, value: object) -> object:
    if kind == "value":
        return value
    if isinstance(value, BaseException):
        raise value
    raise RuntimeError(str(value))


def _child(work: Callable[[], object], timeout: float | None, fd: int, parent: int) -> NoReturn:
    """Run ``work``, write the pickled answer to ``fd`` and leave, whatever happens."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _die_with(parent)
        if timeout is not None:
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.setitimer(signal.ITIMER_REAL, timeout + _GRACE)
        answer: tuple[str, object]
        try:
            answer = ("value", work())
        except ReportgraphError as exc:
            answer = ("error", exc)
        except RuntimeError as exc:  # Oxigraph's evaluation errors
            answer = ("error", _evaluation_error(exc))
        except Exception as exc:
            answer = ("bug", f"{type(exc).__name__} in the query process: {exc}")
        data = memoryview(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(fd, data) :]
        os.close(fd)  # the parent has the answer now, not once this process has been unmapped
        code = 0
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux); leave if it already has."""
    with contextlib.suppress(AttributeError):  # no prctl: not Linux
        if _LIBC is not None:
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def _evaluation_error(exc: RuntimeError) -> QueryError:
    return QueryError(
        f"The query failed while it ran: {exc}.",
        "Check the query: a parameter must be a variable the query projects, and a value "
        "must suit the functions it meets.",
        code="RG409",
    )
