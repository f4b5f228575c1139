"""Loss surfaces of two parameters, with their gradients, for watching optimizers move.

Each surface knows its function f(x, y), its gradient, its lowest value, a starting point,
the view to draw and a learning rate at which plain gradient descent does something sensible.
f and grad take arrays of any (matching) shape, so the same code draws the contours.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Surface:
    name: str
    f: Callable
    grad: Callable          # (x, y) -> (df/dx, df/dy)
    f_min: float
    minima: tuple           # the points where f = f_min
    start: tuple
    xlim: tuple
    ylim: tuple
    lr: float               # a learning rate that works for plain SGD
    levels: tuple           # contour levels of f - f_min
    formula: str            # as LaTeX, for the figure

    def gradient(self, point):
        """The gradient at point = array([x, y]), as an array."""
        return np.array(self.grad(point[0], point[1]))


def _quadratic(x, y):
    return 0.1 * x ** 2 + 2 * y ** 2


def _quadratic_grad(x, y):
    return 0.2 * x, 4 * y


# The same quadratic turned by 45 degrees: in the coordinates u = (x + y)/sqrt 2 and
# v = (y - x)/sqrt 2 it is 0.1 u^2 + 2 v^2, so the curvatures (the Hessian's eigenvalues) are
# again 0.2 and 4, but along the diagonals instead of the axes.
ANGLE = np.pi / 4
_C, _S = np.cos(ANGLE), np.sin(ANGLE)


def _turned(x, y):
    """(u, v): the point in the quadratic's own axes."""
    return _C * x + _S * y, -_S * x + _C * y


def _rotated_quadratic(x, y):
    return _quadratic(*_turned(x, y))


def _rotated_quadratic_grad(x, y):
    du, dv = _quadratic_grad(*_turned(x, y))       # the chain rule through the rotation
    return _C * du - _S * dv, _S * du + _C * dv


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def _rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x ** 2), 200 * (y - x ** 2)


def _saddle(x, y):
    return 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2


def _saddle_grad(x, y):
    return x, y ** 3 - y


QUADRATIC = Surface(
    "ill-conditioned quadratic", _quadratic, _quadratic_grad, 0.0, ((0.0, 0.0),), (-5.0, -2.0),
    (-6.0, 6.0), (-3.0, 3.0), 0.3, tuple(np.geomspace(0.05, 40, 12)),
    r"$f = 0.1x^2 + 2y^2$" "\n" "curvatures 0.2 and 4: condition number 20")
ROTATED_QUADRATIC = Surface(
    "rotated quadratic", _rotated_quadratic, _rotated_quadratic_grad, 0.0, ((0.0, 0.0),),
    (_C * -5.0 - _S * -2.0, _S * -5.0 + _C * -2.0),       # the quadratic's start, turned too
    (-6.0, 6.0), (-6.0, 6.0), 0.3, tuple(np.geomspace(0.05, 40, 12)),
    r"$f = 1.05x^2 - 1.9xy + 1.05y^2$" "\n" "the quadratic turned by 45°: curvatures 0.2 and 4")
ROSENBROCK = Surface(
    "Rosenbrock's valley", _rosenbrock, _rosenbrock_grad, 0.0, ((1.0, 1.0),), (-1.5, 2.0),
    (-2.0, 2.0), (-1.0, 3.0), 1e-3, tuple(np.geomspace(0.05, 2000, 14)),
    r"$f = (1 - x)^2 + 100(y - x^2)^2$" "\n" r"lowest at $(1, 1)$")
SADDLE = Surface(
    "a saddle", _saddle, _saddle_grad, -0.25, ((0.0, 1.0), (0.0, -1.0)), (-2.0, 1e-3),
    (-2.5, 2.5), (-1.6, 1.6), 0.1, tuple(np.geomspace(0.01, 6, 12)),
    r"$f = x^2/2 + y^4/4 - y^2/2$" "\n" r"a saddle at $(0, 0)$, lowest at $(0, \pm 1)$")

SURFACES = {s.name: s for s in (QUADRATIC, ROTATED_QUADRATIC, ROSENBROCK, SADDLE)}
