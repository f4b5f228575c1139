"""A fully connected network trained by vectorised backpropagation over a batch.

    net = MLP([n0, n1, ..., nL], hidden="tanh", output="sigmoid", loss="mse",
              weight_decay=0.0, dropout=0.0, seed=0, dtype=np.float64)
    net.params                    # [W1, b1, W2, b2, ...]; W_l is (n_l, n_{l-1}), b_l is (n_l, 1)
    A = net.forward(X)            # X is (n0, m), one column per example; A is (nL, m)
    loss, grads = net.loss_and_grads(X, Y)    # grads line up with params, same shapes
    loss, grads = net.loss_and_grads(X, Y, rng=np.random.default_rng(1))   # dropout's masks from rng

The loss is averaged over the m examples: "mse" is 1/2 ||y - a||^2, "bce" the binary
cross-entropy summed over the outputs (sigmoid output), "ce" the categorical cross-entropy
(softmax output, Y one-hot). Weight decay adds lambda/2 * sum ||W_l||^2 over the weights only.
Dropout (Srivastava et al. 2014, in its "inverted" form): while loss_and_grads trains, each
hidden unit's activation is dropped with probability p and the survivors are scaled by
1/(1 - p), so that the expected activation is unchanged and `forward` (testing) never drops.
The masks come from `rng`, or from the network's own generator (the one that drew its
weights, continued) when rng is None: the same generator state gives the same masks.
The cross-entropies are computed from the pre-activations Z, so they stay finite for any Z.
Optimizers update `params` in place. Bad input is refused before anything changes.
"""
import numbers

import numpy as np

from .activations import ACTIVATIONS, sigmoid

HIDDEN = ("sigmoid", "tanh", "relu")
OUTPUTS = ("sigmoid", "softmax", "identity")
LOSSES = {"mse": OUTPUTS, "bce": ("sigmoid",), "ce": ("softmax",)}   # loss -> outputs it works with
DTYPES = (np.float32, np.float64)
# f'(Z) written with A = f(Z), which the forward pass already holds (saves computing f again).
# This is still the derivative at Z: 1 - A^2 = tanh'(Z). tanh'(A) would be the mistake.
PRIME_FROM_A = {"tanh": lambda A: 1 - A * A, "sigmoid": lambda A: A * (1 - A)}


def softmax(Z):
    """Column-wise softmax; subtracting each column's maximum keeps exp from overflowing."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    E /= E.sum(axis=0, keepdims=True)
    return E


def softplus(Z):
    """log(1 + e^z), finite for any z: max(z, 0) + log(1 + e^-|z|)."""
    return np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z)))


def logsumexp(Z):
    """log sum_i e^{z_i} of each column, shape (1, m), finite for any z."""
    top = Z.max(axis=0, keepdims=True)
    return top + np.log(np.exp(Z - top).sum(axis=0, keepdims=True))


def checked_dropout(p):
    """p as a float, or a ValueError: a probability of dropping in [0, 1) (1 would drop all)."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 <= p < 1:
        raise ValueError(f"dropout must be a probability in [0, 1), not {p!r}")
    return float(p)


def dropout_mask(shape, p, rng, dtype=np.float64):
    """Inverted dropout's mask: 1/(1 - p) where a unit is kept (rng.random >= p, which happens
    with probability 1 - p), 0 where it is dropped. Its mean is 1, so A * mask has A's mean."""
    return np.where(rng.random(shape) >= p, 1 / (1 - p), 0.0).astype(dtype, copy=False)


def _choice(kind, name, allowed):
    if not isinstance(name, str) or name not in allowed:
        raise ValueError(f"unknown {kind} {name!r}: choose one of {', '.join(map(repr, allowed))}")
    return name


class MLP:
    def __init__(self, sizes, hidden="tanh", output="sigmoid", loss="mse",
                 weight_decay=0.0, dropout=0.0, seed=0, dtype=np.float64):
        sizes = list(sizes) if not isinstance(sizes, (str, bytes)) and np.ndim(sizes) == 1 else None
        if not sizes or len(sizes) < 2 or not all(
                isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1 for n in sizes):
            raise ValueError("sizes must list at least two positive integers [n0, ..., nL]")
        self.hidden = _choice("hidden activation", hidden, HIDDEN)
        self.output = _choice("output activation", output, OUTPUTS)
        self.loss = _choice("loss", loss, tuple(LOSSES))
        if self.output not in LOSSES[loss]:
            raise ValueError(f"loss {loss!r} needs output {' or '.join(map(repr, LOSSES[loss]))}, "
                             f"not {output!r}")
        if not isinstance(weight_decay, numbers.Real) or not 0 <= weight_decay < np.inf:
            raise ValueError(f"weight_decay must be a finite number >= 0, not {weight_decay!r}")
        dropout = checked_dropout(dropout)
        try:
            dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"dtype must be float32 or float64, not {dtype!r}") from None
        if dtype not in DTYPES:
            raise TypeError(f"dtype must be float32 or float64, not {dtype}")
        self.sizes, self.weight_decay, self.dtype = [int(n) for n in sizes], float(weight_decay), dtype
        self._dropout = dropout
        # Small random weights break the symmetry between hidden units (zeros never would).
        # Their variance 1/n_in keeps the variance of Z near that of the layer's inputs (Glorot
        # & Bengio's argument, forward only). A ReLU zeroes half of its input's values, which
        # halves their mean square: a layer whose input comes from a ReLU takes 2/n_in (He et
        # al. 2015). The first layer's input is the data, not a ReLU, so it takes 1/n_in.
        rng = np.random.default_rng(seed)
        self.params = []
        for l, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:])):
            gain = 2.0 if hidden == "relu" and l > 0 else 1.0
            W = rng.normal(scale=np.sqrt(gain / n_in), size=(n_out, n_in)).astype(dtype)
            self.params += [W, np.zeros((n_out, 1), dtype=dtype)]
        self.rng = rng          # dropout's masks continue the generator that drew the weights

    def __repr__(self):
        dropout = f", dropout={self.dropout}" if self.dropout else ""
        return (f"MLP({self.sizes}, hidden={self.hidden!r}, output={self.output!r}, "
                f"loss={self.loss!r}, weight_decay={self.weight_decay}{dropout}, dtype={self.dtype.name})")

    @property
    def dropout(self):
        """The probability p of dropping a hidden unit while training; 0 means no dropout."""
        return self._dropout

    @dropout.setter
    def dropout(self, p):          # checked first: a refused p leaves the old one
        self._dropout = checked_dropout(p)

    @property
    def weights(self):
        return self.params[0::2]

    # ---- checking what comes in ------------------------------------------------------
    def _batch(self, X, name="X", rows=None):
        """X as a 2-D array of the network's dtype (no copy when it already is one)."""
        rows = self.sizes[0] if rows is None else rows
        try:
            X = np.asarray(X)
        except Exception as error:
            raise TypeError(f"{name} must be an array of numbers: {error}") from None
        if X.dtype.kind not in "biuf":
            raise TypeError(f"{name} must hold real numbers, not {X.dtype}")
        if X.ndim != 2 or X.shape[0] != rows:
            hint = " (one example? use x.reshape(-1, 1))" if X.ndim == 1 and X.size == rows else ""
            raise ValueError(f"{name} must have shape ({rows}, m), one column per example; "
                             f"got shape {X.shape}{hint}")
        if X.shape[1] == 0:
            raise ValueError(f"{name} is an empty batch: shape {X.shape}, m = 0 examples")
        X = X.astype(self.dtype, copy=False)
        # One sum is much cheaper than isfinite over the batch; look closer only if it is not finite.
        with np.errstate(over="ignore", invalid="ignore"):
            suspect = not np.isfinite(X.sum())
        if suspect and not np.isfinite(X).all():
            bad = tuple(int(i) for i in np.argwhere(~np.isfinite(X))[0])
            raise ValueError(f"{name} of shape {X.shape} holds NaN or inf (first at {bad})")
        return X

    def _targets(self, Y, m):
        Y = self._batch(Y, "Y", rows=self.sizes[-1])
        if Y.shape[1] != m:
            raise ValueError(f"X has m = {m} examples but Y has {Y.shape[1]}: "
                             f"Y must have shape ({self.sizes[-1]}, {m}), got {Y.shape}")
        if self.loss == "bce" and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"bce needs targets in [0, 1]; Y of shape {Y.shape} has values "
                             f"from {Y.min():g} to {Y.max():g}")
        if self.loss == "ce" and (Y.min() < 0 or np.abs(Y.sum(axis=0) - 1).max() > 1e-5):
            raise ValueError(f"ce needs one-hot targets, each column of Y (shape {Y.shape}) "
                             "nonnegative and summing to 1")
        return Y

    # ---- the computation ---------------------------------------------------------------
    def forward_pass(self, X, masks=None):
        """Every layer's Z and A for a checked batch X: lists Zs = [Z1..ZL], As = [X, A1..AL].
        masks, if given, holds one dropout mask per hidden layer: then As holds the hidden
        activations times their masks, which is what the next layer sees."""
        f = ACTIVATIONS[self.hidden][0]
        Zs, As = [], [X]
        L = len(self.sizes) - 1
        for l in range(L):
            W, b = self.params[2 * l], self.params[2 * l + 1]
            Z = W @ As[-1]
            Z += b                                   # b is (n_l, 1): broadcast over the m columns
            Zs.append(Z)
            if l < L - 1:
                As.append(f(Z) if masks is None else f(Z) * masks[l])
            elif self.output == "sigmoid":
                As.append(sigmoid(Z))
            elif self.output == "softmax":
                As.append(softmax(Z))
            else:
                As.append(Z)
        return Zs, As

    def forward(self, X):
        """The network's output A_L, shape (nL, m), for X of shape (n0, m)."""
        return self.forward_pass(self._batch(X))[1][-1]

    def data_loss(self, Z, A, Y):
        """The loss averaged over the m examples, from the output layer's Z (and A)."""
        m = Y.shape[1]
        if self.loss == "mse":
            D = A - Y
            return float(0.5 * np.vdot(D, D) / m)
        if self.loss == "bce":     # -[y log a + (1-y) log(1-a)] = softplus(z) - y z, with a = sigmoid(z)
            return float((softplus(Z).sum() - np.vdot(Y, Z)) / m)
        return float((logsumexp(Z).sum() - np.vdot(Y, Z)) / m)   # ce: -sum y log softmax(z)

    def output_delta(self, Z, A, Y):
        """dZL = dJ/dZL, with the 1/m of the average: shape (nL, m)."""
        m = Y.shape[1]
        dZ = A - Y                                   # dJ/dA for mse; dJ/dZ for bce and ce
        if self.loss == "mse":
            if self.output == "sigmoid":
                dZ *= A * (1 - A)
            elif self.output == "softmax":           # the softmax Jacobian times dA, column by column
                dZ = A * (dZ - (dZ * A).sum(axis=0, keepdims=True))
        dZ /= m
        return dZ

    def backward(self, Zs, As, Y, masks=None):
        """The gradients [dW1, db1, ..., dWL, dbL] from a forward pass's Zs and As, and the
        dropout masks that pass used, if any (the same ones: a dropped unit passes no gradient)."""
        # With dropout, As holds A * mask, from which 1 - A^2 would be wrong: f' is taken from Z.
        if self.hidden in PRIME_FROM_A and masks is None:
            prime, at = PRIME_FROM_A[self.hidden], As[1:]
        else:
            prime, at = ACTIVATIONS[self.hidden][1], Zs
        L = len(Zs)
        grads = [None] * (2 * L)
        dZ = self.output_delta(Zs[-1], As[-1], Y)
        for l in reversed(range(L)):
            W = self.params[2 * l]
            dW = dZ @ As[l].T                        # (n_l, m) @ (m, n_{l-1})
            if self.weight_decay:
                dW += self.weight_decay * W
            grads[2 * l], grads[2 * l + 1] = dW, dZ.sum(axis=1, keepdims=True)   # db sums over examples
            if l > 0:                                # dA of the input X is never needed
                dZ = W.T @ dZ
                if masks is not None:                # dJ/dA through A * mask
                    dZ *= masks[l - 1]
                dZ *= prime(at[l - 1])               # f'(Z[l-1]), from Z or from A
        return grads

    def loss_and_grads(self, X, Y, rng=None):
        """(J, grads): the loss with weight decay, and its gradient for each of params. With
        dropout, the masks are drawn from rng (a numpy.random.Generator), or from the
        network's own generator when rng is None; J and grads are those of that one draw."""
        X = self._batch(X)
        Y = self._targets(Y, X.shape[1])
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                            f"not {type(rng).__name__}")
        masks = None
        if self.dropout:
            rng = self.rng if rng is None else rng
            masks = [dropout_mask((n, X.shape[1]), self.dropout, rng, self.dtype) for n in self.sizes[1:-1]]
        Zs, As = self.forward_pass(X, masks)
        J = self.data_loss(Zs[-1], As[-1], Y)
        if self.weight_decay:
            J += 0.5 * self.weight_decay * sum(float(np.vdot(W, W)) for W in self.weights)
        return J, self.backward(Zs, As, Y, masks)
