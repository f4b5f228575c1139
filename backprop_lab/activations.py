"""Activation functions and their derivatives, written to stay finite and silent.

Each derivative takes the pre-activation z (not the output a), as in the lessons:
f'(z). For ReLU we take f'(0) = 0, the convention PyTorch uses too.
"""
import numpy as np


def step(z):
    return (np.asarray(z) >= 0).astype(float)


def step_prime(z):
    # Zero everywhere it exists (and undefined at 0): no gradient flows through a step.
    return np.zeros_like(np.asarray(z, dtype=float))


def sigmoid(z):
    # exp of -|z| never overflows, so both branches stay finite for any z.
    z = np.asarray(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(z)


def tanh_prime(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0)


def relu_prime(z):
    z = np.asarray(z)
    return (z > 0).astype(z.dtype if z.dtype.kind == "f" else float)


def identity(z):
    return np.asarray(z)


def identity_prime(z):
    return np.ones_like(np.asarray(z, dtype=float))


# name -> (f, f'), so a caller picks an activation by name.
ACTIVATIONS = {
    "step": (step, step_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "identity": (identity, identity_prime),
}
