"""Backprop one example at a time: the per-example algorithm, with vectors and outer products.

It returns what MLP.loss_and_grads returns (the lessons and a test check that), and it is
here to be timed against the vectorised version: same arithmetic, m trips through Python.
"""
import numpy as np

from .activations import ACTIVATIONS


def loss_and_grads_by_example(net, X, Y):
    """(J, grads) for an MLP, accumulating each example's gradient in a Python loop."""
    X = net._batch(X)
    Y = net._targets(Y, X.shape[1])
    m = X.shape[1]
    f_prime = ACTIVATIONS[net.hidden][1]
    Ws, bs = net.params[0::2], [b[:, 0] for b in net.params[1::2]]
    sums = [np.zeros_like(p) for p in net.params]
    J = 0.0
    for i in range(m):
        x, y = X[:, i], Y[:, i:i + 1]
        Zs, As = net.forward_pass(x[:, None])             # one column: matrix-vector products
        J += net.data_loss(Zs[-1], As[-1], y)
        delta = net.output_delta(Zs[-1], As[-1], y)[:, 0]  # dJ/dz for this example alone
        for l in reversed(range(len(Ws))):
            sums[2 * l] += np.outer(delta, As[l][:, 0])    # dW = delta a^T
            sums[2 * l + 1][:, 0] += delta                  # db = delta
            if l > 0:
                delta = (Ws[l].T @ delta) * f_prime(Zs[l - 1][:, 0])
    grads = [s / m for s in sums]
    for k, W in enumerate(Ws):
        grads[2 * k] += net.weight_decay * W
    return J / m + 0.5 * net.weight_decay * sum(float(np.vdot(W, W)) for W in Ws), grads
