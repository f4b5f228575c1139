"""widgets/blit.py: frames encoded at zlib level 1 are the same pixels, Pillow is left as it
was, and a figure on another backend (Agg, as in a script) is blitted without a browser."""
import io

import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from backprop_lab.widgets import blit


def frame(canvas):
    """The PNG that the canvas sends next, whole."""
    canvas._png_is_old = True
    blit.send_whole_frame(canvas)
    return canvas.get_diff_image()


def test_a_level_1_frame_holds_the_same_pixels_and_pillow_is_restored():
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(np.sin(np.linspace(0, 9, 200)))
    blit.Blitter(fig, [])                      # wraps the canvas's encoder
    fig.canvas.draw()
    save = Image.SAVE["PNG"]
    quick = frame(fig.canvas)
    assert Image.SAVE["PNG"] is save           # swapped for the encode only
    fig.canvas.get_diff_image = fig.canvas.get_diff_image.__wrapped__
    default = frame(fig.canvas)
    assert quick != default                    # another compression...
    pixels = [np.asarray(Image.open(io.BytesIO(png))) for png in (quick, default)]
    np.testing.assert_array_equal(pixels[0], pixels[1])          # ...of the same picture
    np.testing.assert_array_equal(pixels[0], np.asarray(fig.canvas.buffer_rgba()))
    plt.close(fig)


def test_the_level_applies_only_inside_the_context():
    image = Image.fromarray(np.tile(np.arange(64, dtype=np.uint8), (64, 1)))     # compressible
    sizes = {}
    for level in (0, 9):
        with blit.png_compress_level(level):
            out = io.BytesIO()
            image.save(out, format="png")
            sizes[level] = len(out.getvalue())
    out = io.BytesIO()
    image.save(out, format="png")
    assert sizes[0] > sizes[9] and len(out.getvalue()) < sizes[0]   # level 0 stores; outside, the default


def test_a_figure_on_another_backend_is_blitted_without_a_browser():
    fig = matplotlib.figure.Figure(figsize=(3, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    (line,) = ax.plot([0, 1], [0, 1])
    blitter = blit.Blitter(fig, [line])
    fig.canvas.draw()
    line.set_ydata([1, 0])
    blitter.refresh()
    assert blitter.background is not None and not fig.stale
