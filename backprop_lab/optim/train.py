"""One training loop for any optimizer and any model with params and loss_and_grads."""
import numpy as np


def train(net, optimizer, X, Y, steps, progress=None):
    """Full-batch training: `steps` steps of optimizer on net.loss_and_grads(X, Y).

    Returns the losses, one per step before the step, then the final one (steps + 1 values).
    Stops early, with the losses so far and NaN after, if the loss stops being finite.
    progress: an optional tqdm-like bar, advanced once per step.
    """
    losses = np.full(steps + 1, np.nan)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i in range(steps + 1):
            ahead = optimizer.lookahead(net.params)
            if all(a is p for a, p in zip(ahead, net.params)):
                loss, grads = net.loss_and_grads(X, Y)
            else:                       # the gradient at the look-ahead point, then back
                saved = [p.copy() for p in net.params]
                for p, a in zip(net.params, ahead):
                    p[...] = a
                loss, grads = net.loss_and_grads(X, Y)
                for p, s in zip(net.params, saved):
                    p[...] = s
            if not np.isfinite(loss):
                break
            losses[i] = loss
            if i == steps:
                break
            optimizer.step(net.params, grads)
            if progress is not None:
                progress.update(1)
    return losses
