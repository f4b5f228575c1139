"""Milliseconds from a slider's new value to the updated figure, kernel side (lesson 05).

Sets the learning-rate slider of the optimizer-paths figure from Python and times until its
handler has finished: the three ticked optimizers rerun (none of the values is in the run cache), the lines moved with set_data, and
the picture drawn into the ipympl/Agg buffer (and the frame encoded as PNG for the browser,
unfiltered at zlib level 1 as widgets/blit.py writes it; Pillow, which ipympl uses, at its
default level and at level 1 for comparison). Four ways, measured in the same run:

  made ahead   what the lesson does for a key press: the frame was made while the learner looked,
               and the update only sends it
  blit         what the lesson does for a value it could not foresee (a drag): the kept
               background pasted back, only the lines drawn
  full draw    set_data, then the whole figure drawn again (what draw_idle leads to)
  from scratch the figure cleared and everything drawn anew: contours, lines, then a draw

    python benchmarks/slider_latency.py [repeats]
"""
import statistics
import sys
import time
from contextlib import contextmanager

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from backprop_lab.widgets import optimizer_paths as paths  # noqa: E402
from backprop_lab.widgets.blit import send_whole_frame  # noqa: E402

LRS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]       # all below every default optimizer's divergence limit


@contextmanager
def png_compress_level(level):
    """Pillow's PNGs saved meanwhile without a compress_level of their own are at zlib `level`."""
    save = Image.SAVE["PNG"]

    def save_at_level(im, fp, filename):
        im.encoderinfo.setdefault("compress_level", level)
        return save(im, fp, filename)

    Image.SAVE["PNG"] = save_at_level
    try:
        yield
    finally:
        Image.SAVE["PNG"] = save


def timed(action, repeats):
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        action(LRS[k % len(LRS)])
        times.append(1e3 * (time.perf_counter() - start))
    return statistics.median(times), min(times)


def from_scratch(explorer, fig, lr):
    """Everything drawn anew, as a plain matplotlib cell would on each slider move."""
    s = explorer.surface
    fig.clf()
    ax_path, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
    xs, ys = np.meshgrid(np.linspace(*s.xlim, 200), np.linspace(*s.ylim, 200))
    ax_path.contour(xs, ys, s.f(xs, ys) - s.f_min, levels=s.levels, cmap="Greys_r", linewidths=0.7)
    for name, (points, losses, _) in paths.run_all(s, explorer.names, lr, explorer.momentum).items():
        ax_path.plot(*points.T, "-o", ms=2, color=paths.COLORS[name], label=name)
        ax_loss.semilogy(np.clip(losses, paths.LOSS_FLOOR, None), color=paths.COLORS[name], label=name)
    ax_path.set(xlim=s.xlim, ylim=s.ylim)
    ax_loss.legend(fontsize=7, ncol=2)
    fig.canvas.draw()


def main(repeats=7):
    ui = paths.optimizer_explorer()
    explorer, canvas = ui.explorer, ui.explorer.fig.canvas
    canvas.draw()                                    # the browser's first request: a full draw
    blitter = explorer.blitter

    def move_slider(lr):                            # to a value it does not hold
        ui.lr_slider.value = lr if ui.lr_slider.value != lr else lr * 1.01

    def set_slider(lr):
        explorer.cache.clear()                      # a new value: the runs are made, in every row alike
        blitter.frames.clear()                      # and its frame drawn
        move_slider(lr)

    compute = timed(lambda lr: paths.run_all(explorer.surface, explorer.names, lr, explorer.momentum), repeats)
    blit = timed(set_slider, repeats)                # the lesson: syncing_data_url is off
    for lr in LRS + [lr * 1.01 for lr in LRS]:      # every value's frame made, as ahead
        blitter.keep(explorer.state(lr=lr), explorer._show)
    ahead = timed(move_slider, repeats)              # its frame made ahead
    lines_only = timed(lambda lr: blitter._render(), repeats)
    png = timed(lambda lr: blitter._frame(), repeats)

    def encode(lr):
        canvas._png_is_old = True
        send_whole_frame(canvas)
        canvas.manager.refresh_all()
    png_encode = timed(encode, repeats)             # the canvas's own encode (a full draw's), with png_bytes
    canvas.get_diff_image = canvas.get_diff_image.__wrapped__     # ipympl's own: Pillow, default zlib level 6
    png_default = timed(encode, repeats)
    with png_compress_level(1):
        png_pillow_1 = timed(encode, repeats)
    blitter.refresh = lambda state=None: canvas.draw()     # the same update, with a full draw each time
    full = timed(set_slider, repeats)
    with plt.ioff():
        fig = plt.figure(figsize=explorer.fig.get_size_inches(), layout="constrained")
    fig.canvas.draw()
    scratch = timed(lambda lr: from_scratch(explorer, fig, lr), repeats)

    print(f"optimizer-paths figure, {len(explorer.names)} optimizers x {explorer.steps} steps, "
          f"{canvas.get_width_height()} pixels; median (best) of {repeats}, in ms")
    rows = [("rerun the optimizers only", compute), ("slider -> figure, its frame made ahead", ahead),
            ("slider -> figure, blit (a value not foreseen)", blit),
            ("  of which: paste background + draw lines", lines_only),
            ("  of which: the PNG for the browser", png),
            ("the canvas's whole encode, with that PNG", png_encode),
            ("the same by Pillow (ipympl's own), level 6", png_default),
            ("the same by Pillow at level 1", png_pillow_1),
            ("slider -> figure, set_data + full draw", full), ("slider -> figure, drawn from scratch", scratch)]
    for what, (median, best) in rows:
        print(f"  {what:<46} {median:8.1f}  ({best:.1f})")
    print(f"ratios of medians: blit / made ahead = {blit[0] / ahead[0]:.0f}x, "
          f"encode by Pillow / the lesson's = {png_default[0] / png_encode[0]:.1f}x (at level 1: "
          f"{png_pillow_1[0] / png_encode[0]:.1f}x), "
          f"full draw / blit = {full[0] / blit[0]:.1f}x, "
          f"from scratch / blit = {scratch[0] / blit[0]:.1f}x, from scratch / full draw = {scratch[0] / full[0]:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
