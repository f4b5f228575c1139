"""Static figures that the lessons share."""
import numpy as np

from .training import predict


def plane_grid(X, resolution=200, margin=0.5):
    """A resolution x resolution grid over the points of X (2, m) and a margin around them:
    (g1, g2, points), points of shape (2, resolution**2) for a network's forward pass."""
    lo, hi = X.min(axis=1) - margin, X.max(axis=1) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return g1, g2, np.stack([g1.ravel(), g2.ravel()])


def decision_regions(ax, net, X, labels, title="", resolution=200, margin=0.5):
    """Colour the plane by the class net predicts, with the points of X (2, m) on top."""
    g1, g2, points = plane_grid(X, resolution, margin)
    classes = predict(net, points).reshape(g1.shape)
    ax.contourf(g1, g2, classes, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.3)
    ax.scatter(*X, c=labels, cmap="coolwarm", s=8, edgecolor="k", linewidth=0.3)
    ax.set(title=title, xticks=[], yticks=[], aspect="equal")
    return classes
