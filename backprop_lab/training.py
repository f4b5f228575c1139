"""Training an MLP by plain gradient descent, and its accuracy."""
import numpy as np
from tqdm.auto import trange


def gradient_descent(net, X, Y, lr, steps, progress=False):
    """steps updates p -= lr * dJ/dp on the whole batch; returns the loss before each step
    and after the last (steps + 1 values). progress=True shows a progress bar."""
    if not lr > 0:
        raise ValueError(f"the learning rate must be positive, not {lr!r}")
    X, Y = net._batch(X), net._targets(Y, np.shape(X)[1])
    losses = np.empty(steps + 1)
    for k in trange(steps, disable=not progress, desc="gradient descent", leave=False):
        losses[k], grads = net.loss_and_grads(X, Y)
        for p, g in zip(net.params, grads):
            p -= lr * g
    losses[steps] = net.loss_and_grads(X, Y)[0]
    return losses


def predict(net, X):
    """Class labels: output > 1/2 for one sigmoid unit, else the most probable output."""
    A = net.forward(X)
    return (A[0] > 0.5).astype(int) if A.shape[0] == 1 else A.argmax(axis=0)


def accuracy(net, X, labels):
    """The fraction of examples whose predicted class is the label."""
    return float(np.mean(predict(net, X) == np.asarray(labels).ravel()))
