"""Stopping a write cleanly: Ctrl-C (SIGINT) and SIGTERM during a load become one
:class:`~directive_kg.errors.Interrupted` error (exit 130 or 143) raised in the writing process,
after the parsing workers are gone, instead of a traceback from every process.

Workers ignore SIGINT (the terminal sends it to the whole process group; the writer alone
decides) and die quietly on SIGTERM, which is also how the pool ends them. What was written
stays: each document is written whole or not at all, and the next `kg load` finishes the job."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from directive_kg.errors import Interrupted


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread where the signal handler runs."""


@contextmanager
def interruptible(what: str) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted naming ``what`` (only in the main
    thread, where Python runs signal handlers; elsewhere the block runs as it is).

    The signal is also noted: an exception raised while Python runs a finaliser (a generator
    being closed, a ``__del__``) is printed and dropped, so a stop that lands there would be
    lost and the command would end with 0 as if nobody had asked. A noted signal still ends the
    block with Interrupted."""
    main = threading.current_thread() is threading.main_thread()
    heard: list[int] = []

    def on_signal(signum: int, _frame) -> None:
        heard.append(signum)
        raise KeyboardInterrupt if signum == signal.SIGINT else _Terminated

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)} if main else {}
    try:
        yield
        if heard:
            raise KeyboardInterrupt if heard[0] == signal.SIGINT else _Terminated
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted (Ctrl-C) during {what}; what was written is kept whole, "
                          "run the command again to finish") from None
    except _Terminated:
        raise Interrupted(f"terminated (SIGTERM) during {what}; what was written is kept whole, "
                          "run the command again to finish", terminated=True) from None
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def quiet_worker() -> None:
    """In a parsing worker: leave SIGINT to the writer, die without a traceback on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
