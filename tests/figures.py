"""What the widget tests share about figures in a kernel: counting a canvas's requests for a
full draw, the hook the kernel runs after every widget message, and a widget made inside a
running event loop (where what it schedules ahead happens)."""
import asyncio

import matplotlib.pyplot as plt


def full_draw_requests(canvas):
    """A list that gets an entry each time the canvas asks for a full draw (draw_idle)."""
    requests = []
    canvas.draw_idle = lambda *a, **k: requests.append(1)
    return requests


def after_a_message():
    """What the kernel runs after every widget message: pyplot's post-execute hook, which asks
    for a full draw of every figure still marked stale."""
    plt.draw_all()


def in_a_kernel(make, seconds):
    """make() inside a running event loop, as in a kernel, then `seconds` more of that loop;
    returns what make returned."""
    async def run():
        made = make()
        await asyncio.sleep(seconds)
        return made
    return asyncio.run(run())
