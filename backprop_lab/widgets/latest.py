"""The latest value only: a drag sends a burst of values, and the figure should follow the last
one instead of working through a queue of old ones.

`Latest(update)` is called with each new value. A value that comes after a quiet spell (a key
press, a click) is shown at once, within its message: the figure leaves before the kernel says
it is idle. A value that comes within BURST seconds of the last update is part of a burst (a
drag, a held key): it is remembered, and the kernel's event loop is asked to call update soon.
Messages already waiting are handled first (each only replaces the remembered value), so the
rest of a burst becomes one update, with its last value. Without a running event loop (a test,
a script) update is called at once.

`Later` does a list of things ahead (backgrounds, frames) on the same loop, one at a time, with
a short rest (GAP) between two, in which a message that came meanwhile is handled.
"""
import asyncio


BURST = 0.1     # seconds: a value this soon after the last update is part of a burst
# seconds between two of Later's items. A message reaches the kernel's handler over several turns
# of its event loop: with no rest, an item would run on each of those turns, and the message would
# wait for three items (ipykernel 6.29) or four (ipykernel 7, which receives it on a thread of its own).
GAP = 0.002


class Latest:
    def __init__(self, update):
        self.update, self.value, self.scheduled, self.quiet_from = update, None, False, float("-inf")
        self.running = False        # a value that comes during the update (from it) waits for the next turn

    def __call__(self, value):
        self.value = value
        if self.scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.update(value)
            return
        if loop.time() >= self.quiet_from and not self.running:    # no burst: answer within this message
            self._run()
            return
        self.scheduled = True
        loop.call_soon(self._run)

    def _run(self):
        self.scheduled, self.running = False, True
        try:
            self.update(self.value)
        finally:                        # only ever called on a running loop
            self.running = False
            self.quiet_from = asyncio.get_running_loop().time() + BURST


class Later:
    """do(item) for each item, from `delay` seconds on, GAP seconds apart on the kernel's event
    loop (a message that comes meanwhile waits for one item at most); cancel() drops what is left.
    Without a running event loop (a test, a script) nothing is done."""

    def __init__(self, items, do, delay):
        self.waiting, self.do, self.handle = list(items), do, None
        try:
            self.loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.handle = self.loop.call_later(delay, self._next)

    def _next(self):
        if self.waiting:
            self.do(self.waiting.pop(0))
            self.handle = self.loop.call_later(GAP, self._next)

    def cancel(self):
        self.waiting.clear()
        if self.handle is not None:
            self.handle.cancel()
