"""One sigmoid neuron, a = sigmoid(w . x + b), with the squared error L = 1/2 (a - y)^2.

x is (n,) for one example or (n, m) for m examples, one per column (DESIGN notation).
"""
import numpy as np

from .activations import sigmoid, sigmoid_prime, step


def forward(w, b, x):
    """Return (z, a): the weighted sum plus bias, and the neuron's output."""
    z = np.dot(w, x) + b
    return z, sigmoid(z)


def loss(w, b, x, y):
    """Squared error 1/2 (a - y)^2, averaged over the examples."""
    _, a = forward(w, b, x)
    return float(np.mean(0.5 * (a - y) ** 2))


def gradients(w, b, x, y):
    """(dL/dw, dL/db) by the chain rule, dL/da * da/dz * dz/dw, averaged over examples."""
    x = np.reshape(x, (len(w), -1))            # one column per example, even for one example
    z, a = forward(w, b, x)
    dz = (a - y) * sigmoid_prime(z)            # dL/da * da/dz, one per example
    return x @ dz / dz.size, float(np.mean(dz))


def gradient_descent(w, b, x, y, lr, steps):
    """Train for `steps` steps; return (w, b, losses), losses[k] being the loss before step k+1."""
    w = np.array(w, dtype=float)
    losses = np.empty(steps + 1)
    for k in range(steps):
        losses[k] = loss(w, b, x, y)
        dw, db = gradients(w, b, x, y)
        w, b = w - lr * dw, b - lr * db
    losses[steps] = loss(w, b, x, y)
    return w, b, losses


def perceptron(x, y, epochs=20):
    """Rosenblatt's rule on a step neuron: w += (y - y_hat) x for each example in turn.

    Returns (w, b, errors) where errors[e] counts the misclassified examples in epoch e;
    it stops early after an epoch with no error.
    """
    w, b, errors = np.zeros(x.shape[0]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for xi, yi in zip(x.T, y):
            update = yi - step(np.dot(w, xi) + b)
            w, b = w + update * xi, b + update
            wrong += int(update != 0)
        errors.append(wrong)
        if wrong == 0:
            break
    return w, b, errors
