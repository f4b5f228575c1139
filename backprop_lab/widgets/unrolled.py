"""Lesson 06: the RNN unrolled over a word, drawn as a feed-forward network whose layers share
their weights: one column per letter, x_t below, h_t in the middle, the prediction above."""
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

COLOURS = {"W_xh": "C0", "W_hh": "C3", "W_hy": "C2"}


def _arrow(ax, start, end, colour):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10, lw=1.4,
                                 color=colour, shrinkA=0, shrinkB=0))


def unrolled_figure(inputs, targets, width=6.6):
    """The unrolled network reading `inputs` (letters) and trained to predict `targets`."""
    T = len(inputs)
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(width, 2.9))
    fig.canvas.header_visible = False
    fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
    ax.set(xlim=(-1.3, T - 0.3), ylim=(-0.6, 2.75), aspect="equal")
    ax.axis("off")
    ax.add_patch(Circle((-1, 1), 0.22, fc="0.92", ec="0.4"))
    ax.text(-1, 1, "$h_0$", ha="center", va="center", fontsize=9)
    for t, (x, y) in enumerate(zip(inputs, targets)):
        ax.add_patch(FancyBboxPatch((t - 0.2, -0.2), 0.4, 0.4, boxstyle="round,pad=0.02",
                                    fc="#e8f0fe", ec=COLOURS["W_xh"]))
        ax.text(t, 0, x, ha="center", va="center", fontsize=12, weight="bold")
        ax.text(t, -0.45, f"$x_{{{t + 1}}}$", ha="center", va="center", fontsize=8)
        ax.add_patch(Circle((t + 0.0, 1), 0.22, fc="#fdecea", ec=COLOURS["W_hh"]))
        ax.text(t, 1, f"$h_{{{t + 1}}}$", ha="center", va="center", fontsize=9)
        ax.add_patch(FancyBboxPatch((t - 0.26, 1.8), 0.52, 0.4, boxstyle="round,pad=0.02",
                                    fc="#e6f4ea", ec=COLOURS["W_hy"]))
        ax.text(t, 2.0, f"$p_{{{t + 1}}}$", ha="center", va="center", fontsize=9)
        ax.text(t, 2.45, f"→ {y}", ha="center", va="center", fontsize=10, color="0.25")
        _arrow(ax, (t, 0.2), (t, 0.78), COLOURS["W_xh"])
        _arrow(ax, (t, 1.22), (t, 1.78), COLOURS["W_hy"])
        _arrow(ax, (t - 0.78, 1), (t - 0.22, 1), COLOURS["W_hh"])     # from h_t-1
    for name, colour in COLOURS.items():
        ax.plot([], [], color=colour, lw=2, label=f"${name[0]}_{{{name[2:]}}}$, the same at every step")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize=8, frameon=False)
    ax.set_title("the RNN unrolled: reading each letter, predicting the next", fontsize=9)
    fig.tight_layout()
    return fig
