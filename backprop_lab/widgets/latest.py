"""The latest value only: a drag sends a burst of values, and the figure should follow the last
one instead of working through a queue of old ones.

`Latest(update)` is called with each new value; it remembers the value and asks the kernel's
event loop to call update soon. Messages already waiting are handled first (each only replaces
the remembered value), so a burst becomes one update, with its last value. Without a running
event loop (a test, a script) update is called at once.
"""
import asyncio


class Latest:
    def __init__(self, update):
        self.update, self.value, self.scheduled = update, None, False

    def __call__(self, value):
        self.value = value
        if self.scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.update(value)
            return
        self.scheduled = True
        loop.call_soon(self._run)

    def _run(self):
        self.scheduled = False
        self.update(self.value)
