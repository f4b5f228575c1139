"""What the widget tests share about figures in a kernel: counting a canvas's requests for a
full draw, the hook the kernel runs after every widget message, and a widget made inside a
running event loop (where what it schedules ahead happens), the frames a canvas sends."""
import asyncio
import io

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image


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


def sent_frames(canvas):
    """A list that gets each PNG the canvas sends to the page."""
    frames = []
    canvas.send_binary = frames.append
    return frames


def pixels(png):
    """The RGBA pixels of a PNG."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def frame_made_ahead(blitter, act, seconds=0.6):
    """act() in a kernel, then `seconds` more of its event loop (the next frames made ahead);
    asserts that the first frame act sent had been made ahead (kept, sent as it was) and returns it."""
    kept = {id(png) for png in blitter.frames.values()}
    sent = sent_frames(blitter.fig.canvas)
    in_a_kernel(act, seconds)
    assert sent and id(sent[0]) in kept, "the frame was drawn, not made ahead"
    return sent[0]


def assert_frame_is_figure(png, fig, what=""):
    """The PNG shows, pixel for pixel, what fig draws in full (fig is drawn, then closed)."""
    fig.canvas.draw()
    np.testing.assert_array_equal(pixels(png), np.asarray(fig.canvas.buffer_rgba()), err_msg=what)
    plt.close(fig)
