"""Gradient clipping by the global norm (Pascanu, Mikolov and Bengio 2013).

When the norm of all the gradients together, ||g|| = sqrt(sum over arrays of sum g^2), is
above max_norm, every gradient is scaled by max_norm / ||g||: the direction is kept, only the
step is shortened. torch.nn.utils.clip_grad_norm_ does the same.
"""
import numbers

import numpy as np


def global_norm(grads):
    """sqrt of the sum of the squares of every entry of every array in grads."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))


def clip_by_global_norm(grads, max_norm):
    """(clipped, norm): new arrays scaled so that their global norm is at most max_norm,
    and the global norm before clipping. grads is left as it was."""
    if isinstance(max_norm, bool) or not isinstance(max_norm, numbers.Real) \
            or not 0 < max_norm < np.inf:
        raise ValueError(f"max_norm must be a finite number > 0, not {max_norm!r}")
    norm = global_norm(grads)
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in grads], norm
