"""widgets/blit.py: frames written by png_bytes are the same pixels, Pillow is left as it
was, and a figure on another backend (Agg, as in a script) is blitted without a browser."""
import io
import struct
import zlib

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


def test_a_frame_holds_the_same_pixels_as_the_canvas_own_and_pillow_is_restored():
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
    assert quick != default                    # another encoding...
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")) for png in (quick, default)]
    np.testing.assert_array_equal(pixels[0], pixels[1])          # ...of the same picture
    np.testing.assert_array_equal(pixels[0], np.asarray(fig.canvas.buffer_rgba()))
    plt.close(fig)


def decoded(png):
    image = Image.open(io.BytesIO(png))
    return image.mode, np.asarray(image)


def test_png_bytes_decodes_to_the_pixels_transparent_ones_included():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(17, 23, 4), dtype=np.uint8)     # odd sizes, every value
    mode, back = decoded(blit.png_bytes(pixels))
    assert mode == "RGBA"
    np.testing.assert_array_equal(back, pixels)


def test_png_bytes_chunks_have_their_checksums_and_the_header_says_8_bit_rgba():
    png = blit.png_bytes(np.zeros((3, 5, 4), np.uint8))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, kinds = 8, []
    while at < len(png):                           # every chunk: length, kind, data, CRC of kind + data
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + data)
        kinds.append(kind)
        if kind == b"IHDR":
            assert struct.unpack(">IIBBBBB", data) == (5, 3, 8, 6, 0, 0, 0)
        at += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_png_bytes_compresses_at_the_level_asked():
    pixels = np.zeros((64, 64, 4), np.uint8)
    pixels[..., :3] = np.arange(64, dtype=np.uint8)[:, None, None]     # compressible
    pixels[..., 3] = 255
    assert len(blit.png_bytes(pixels, 0)) > 3 * 64 * 64 > 10 * len(blit.png_bytes(pixels, 9))


def test_only_an_rgba_image_saved_with_no_options_inside_the_context_is_written_by_png_bytes():
    rgba = Image.fromarray(np.full((8, 8, 4), 200, np.uint8))
    rgb = rgba.convert("RGB")
    pillow = Image.SAVE["PNG"]

    def saved(image, **options):
        out = io.BytesIO()
        image.save(out, format="png", **options)
        return out.getvalue()

    outside = [saved(rgba), saved(rgba, compress_level=9), saved(rgb)]
    with blit.frames_as_png_bytes():
        assert saved(rgba) == blit.png_bytes(np.asarray(rgba)) != outside[0]
        assert [saved(rgba, compress_level=9), saved(rgb)] == outside[1:]     # Pillow's own
    assert saved(rgba) == outside[0] and Image.SAVE["PNG"] is pillow


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
