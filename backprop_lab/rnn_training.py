"""Training an RNN with any optimizer: full or truncated backpropagation through time.

Truncated BPTT (analysed by Williams and Peng 1990) cuts a long sequence into chunks of
`chunk` steps. The forward pass carries the state h from
one chunk into the next, so the network still *reads* everything; but each chunk's gradient
stops at its first step, so no weight is ever told how a letter should change a prediction
more than `chunk` steps later.
"""
import numpy as np

from .clipping import clip_by_global_norm, global_norm


def chunk_bounds(T, chunk=None):
    """[(start, stop), ...] cutting range(T) into pieces of `chunk` steps (the last may be
    shorter); chunk=None: one piece, the whole sequence."""
    if chunk is None:
        return [(0, T)]
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk must be a positive integer or None, not {chunk!r}")
    return [(s, min(s + chunk, T)) for s in range(0, T, chunk)]


def train(net, optimizer, sequences, epochs, chunk=None, max_norm=None, progress=None):
    """`epochs` passes over `sequences`, a list of (inputs, targets) pairs, each read from
    h = 0 in chunks (see chunk_bounds), one optimizer step per chunk, the gradient clipped to
    max_norm (None: not clipped).

    Returns (losses, norms): the loss of each pass (the mean over every step of every
    sequence, taken as the pass went) and the global gradient norm of each update before
    clipping. A pass whose gradients stop being finite ends training: the losses after it
    are NaN. progress: an optional tqdm-like bar, advanced once per pass.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be an integer >= 0, not {epochs!r}")
    sequences = [net.checked(x, y)[:2] for x, y in sequences]     # refuse bad input first
    if not sequences:
        raise ValueError("sequences is empty: nothing to train on")
    if max_norm is not None:
        clip_by_global_norm([], max_norm)                         # refuse a bad max_norm first
    total = sum(len(x) for x, _ in sequences)
    losses, norms = np.full(epochs, np.nan), []
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            summed = 0.0
            for inputs, targets in sequences:
                h = None
                for start, stop in chunk_bounds(len(inputs), chunk):
                    loss, grads, h = net.loss_and_grads(inputs[start:stop], targets[start:stop], h)
                    norm = global_norm(grads)
                    if not (np.isfinite(norm) and np.isfinite(loss)):
                        return losses, np.array(norms)
                    if max_norm is not None:
                        grads, _ = clip_by_global_norm(grads, max_norm)
                    optimizer.step(net.params, grads)
                    summed += loss * (stop - start)
                    norms.append(norm)
            losses[epoch] = summed / total
            if progress is not None:
                progress.update(1)
    return losses, np.array(norms)
