"""A stop during a write ends it with one Interrupted error (exit 130 or 143), also when the signal
landed inside a finaliser, where Python prints the exception and drops it."""

from __future__ import annotations

import os
import signal
import time

import pytest

from directive_kg.errors import Interrupted
from directive_kg.kg.store.interrupts import interruptible


class _StoppedWhileCollected:
    """An object whose finaliser receives the signal (as a pool or generator being closed can)."""

    def __init__(self, signum: int):
        self.signum = signum

    def __del__(self):
        os.kill(os.getpid(), self.signum)
        time.sleep(0.2)  # the handler runs here, inside __del__: its exception is dropped


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the dropped one
@pytest.mark.parametrize("signum, code, what", [(signal.SIGINT, 130, "interrupted (Ctrl-C)"),
                                                 (signal.SIGTERM, 143, "terminated (SIGTERM)")])
def test_a_stop_dropped_by_a_finaliser_still_ends_the_block(signum, code, what):
    after = []
    with pytest.raises(Interrupted) as err:
        with interruptible("the load"):
            _StoppedWhileCollected(signum)  # collected at once: the stop lands in __del__
            after.append("the block went on")  # it did: the exception was dropped
    assert after == ["the block went on"]
    assert err.value.exit_code == code
    assert str(err.value) == (f"{what} during the load; what was written is kept whole, run the "
                              "command again to finish")
    # the handlers are given back
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_block_without_a_stop_ends_as_it_would():
    with interruptible("the load"):
        value = 1
    assert value == 1
