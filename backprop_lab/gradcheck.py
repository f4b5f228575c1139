"""Gradient checking: compare a gradient with centred finite differences of the loss.

    (J(p + h) - J(p - h)) / 2h = dJ/dp + O(h^2)

nudging one entry of one parameter at a time (so it costs two loss evaluations per entry:
check, then switch it off). The relative error ||g - n|| / (||g|| + ||n||) is about 1e-10
in float64 when the gradient is right, and of order 1 when a term is missing.
"""
import numpy as np


def numerical_gradient(loss, params, h=1e-5):
    """Centred differences of loss() (a function of no arguments that reads params) with
    respect to every entry of every array in params. Each entry is restored after use."""
    numeric = []
    for p in params:
        g = np.zeros(p.shape, dtype=np.float64)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = loss()
            p[i] = old - h
            down = loss()
            p[i] = old
            g[i] = (up - down) / (2 * h)
        numeric.append(g)
    return numeric


def relative_error(analytic, numeric):
    """||a - n|| / (||a|| + ||n||) over all the arrays given (0 when both are zero)."""
    a = np.concatenate([np.ravel(x) for x in analytic]).astype(np.float64)
    n = np.concatenate([np.ravel(x) for x in numeric]).astype(np.float64)
    if a.shape != n.shape:
        raise ValueError(f"{a.size} analytic entries against {n.size} numeric ones")
    scale = np.linalg.norm(a) + np.linalg.norm(n)
    return float(np.linalg.norm(a - n) / scale) if scale > 0 else 0.0


def as_shapes(grads, params):
    """grads broadcast to the shapes of params, as the update p -= lr * g would broadcast them."""
    out = []
    for k, (g, p) in enumerate(zip(grads, params)):
        g = np.asarray(g)
        try:
            out.append(np.broadcast_to(g, p.shape))
        except ValueError:
            raise ValueError(f"gradient {k} has shape {g.shape}, which does not fit its "
                             f"parameter's shape {p.shape}") from None
    return out


def check_gradients(loss, params, grads, h=1e-5):
    """Relative error of each of grads (broadcast to its parameter's shape) against centred
    differences of loss(); returns (overall error, [error per parameter])."""
    if len(grads) != len(params):
        raise ValueError(f"{len(grads)} gradients for {len(params)} parameters")
    grads = as_shapes(grads, params)
    numeric = numerical_gradient(loss, params, h)
    return relative_error(grads, numeric), [relative_error([g], [n]) for g, n in zip(grads, numeric)]


def check_network(net, X, Y, h=1e-5):
    """check_gradients for an MLP's loss_and_grads on (X, Y)."""
    _, grads = net.loss_and_grads(X, Y)
    return check_gradients(lambda: net.loss_and_grads(X, Y)[0], net.params, grads, h)
