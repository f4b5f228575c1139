"""One MNIST-sized epoch of plain SGD with backprop_lab.MLP, against this machine's own peak.

    python benchmarks/mnist_epoch.py [--quick]

784-128-10, ReLU hidden layer, softmax output with cross-entropy, batches of 64, 60,000
synthetic float32 examples (random pixels and labels: the speed does not depend on the values),
plain SGD. In the same run it times: the float32 matrix-multiply peak (large np.dot), the epoch
as a fraction of what that peak allows for its forward + backward FLOPs, the epoch's matrix
products alone (the ceiling for 64-column products), a loop over the
examples (timed on a subset and extrapolated), and torch.nn on the same epoch if torch is
importable. Prints figures only; nothing is asserted.

BLAS runs on one thread unless OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) says otherwise: on
a small shared machine, threads that wait for a core make a 64-column product many times
slower than one thread does. The peak is measured with the same setting as the epoch.
"""
import os
import sys
import time

THREADS = os.environ.setdefault("OPENBLAS_NUM_THREADS", os.environ.get("OMP_NUM_THREADS", "1"))

import numpy as np  # noqa: E402  (after the thread setting, which BLAS reads when loaded)

from backprop_lab import MLP  # noqa: E402
from backprop_lab.loops import loss_and_grads_by_example

SIZES, BATCH, M, LR = [784, 128, 10], 64, 60_000, 0.01


def best_of(repeats, call):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def matmul_peak(n=2048, repeats=5):
    """GFLOP/s of a large float32 np.dot (2 n^3 FLOPs), best of a few."""
    A, B = (np.random.default_rng(0).standard_normal((n, n), dtype=np.float32) for _ in range(2))
    np.dot(A, B)
    return 2 * n ** 3 / best_of(repeats, lambda: np.dot(A, B)) / 1e9


def flops_per_example(sizes):
    """Multiply-adds (2 FLOPs each) of forward Z = W A and backward dW = dZ A^T, dA = W^T dZ
    (no dA for the input layer). Element-wise work (activations, softmax, update) not counted."""
    total = 0
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        total += 2 * n_in * n_out * (2 if l == 0 else 3)
    return total


def data(m=M):
    """X (784, m) with each example's column contiguous (Fortran order), so that a batch
    X[:, i:i+64] is a contiguous block that BLAS reads without a copy; Y one-hot (10, m)."""
    rng = np.random.default_rng(0)
    X = np.asfortranarray(rng.random((SIZES[0], m), dtype=np.float32))
    Y = np.asfortranarray(np.eye(SIZES[-1], dtype=np.float32)[:, rng.integers(0, SIZES[-1], m)])
    return X, Y


def sgd_epoch(net, X, Y, grads_of=None):
    """One pass over the data in batches (in the order given: shuffled once beforehand)."""
    grads_of = grads_of or net.loss_and_grads
    for i in range(0, X.shape[1], BATCH):
        _, grads = grads_of(X[:, i:i + BATCH], Y[:, i:i + BATCH])
        for p, g in zip(net.params, grads):
            g *= LR                              # in place: no temporary for lr * g
            p -= g


def products_only(net, X):
    """The epoch's matrix products and nothing else (no activation, loss, check or update):
    the most a NumPy epoch at this batch size could reach on this machine."""
    W1, _, W2, _ = net.params
    n1, n2 = W1.shape[0], W2.shape[0]
    A1, dZ2 = np.ones((n1, BATCH), np.float32), np.ones((n2, BATCH), np.float32)
    for i in range(0, X.shape[1], BATCH):
        Xb = X[:, i:i + BATCH]
        a1, dz2 = A1[:, :Xb.shape[1]], dZ2[:, :Xb.shape[1]]    # the last batch is shorter
        W1 @ Xb, W2 @ a1                         # forward
        dz2 @ a1.T, W2.T @ dz2, a1 @ Xb.T        # backward: dW2, dA1, dW1


def torch_epoch(X, Y):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    Xt, yt = torch.from_numpy(np.ascontiguousarray(X.T)), torch.from_numpy(Y.argmax(axis=0))

    def epoch():
        for i in range(0, Xt.shape[0], BATCH):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(Xt[i:i + BATCH]), yt[i:i + BATCH]).backward()
            optimizer.step()
    epoch()                                      # warm up
    return best_of(2, epoch)


def main(quick=False):
    m = 6_400 if quick else M
    X, Y = data(m)
    peak = matmul_peak()
    print(f"BLAS threads: {THREADS}; machine: {os.cpu_count()} cores (shared: figures vary with load)")
    print(f"float32 matmul peak (2048x2048 np.dot, best of 5): {peak:8.1f} GFLOP/s")
    n_in, n_out = SIZES[0], SIZES[1]
    W, A = np.ones((n_out, n_in), np.float32), X[:, :BATCH]
    t = best_of(200, lambda: W @ A)
    print(f"the epoch's largest product alone, (128x784)@(784x64): {2 * n_in * n_out * BATCH / t / 1e9:8.1f} GFLOP/s")

    net = MLP(SIZES, hidden="relu", output="softmax", loss="ce", seed=0, dtype=np.float32)
    sgd_epoch(net, X[:, :BATCH * 20], Y[:, :BATCH * 20])          # warm up
    t_epoch = best_of(1 if not quick else 3, lambda: sgd_epoch(net, X, Y))
    flops = flops_per_example(SIZES) * m
    achieved = flops / t_epoch / 1e9
    assert all(p.dtype == np.float32 for p in net.params)
    print(f"epoch of {m:,} examples, batches of {BATCH}: {t_epoch:6.3f} s  "
          f"({flops / 1e9:.1f} GFLOP of matrix products: {achieved:.1f} GFLOP/s, "
          f"{achieved / peak:.0%} of the peak)")

    t_products = best_of(3, lambda: products_only(net, X))
    print(f"the same epoch's matrix products alone: {t_products:6.3f} s  "
          f"({flops / t_products / 1e9:.1f} GFLOP/s, {flops / t_products / 1e9 / peak:.0%} of the peak): "
          f"the epoch takes {t_epoch / t_products:.2f} times as long")

    subset = 640
    loop_net = MLP(SIZES, hidden="relu", output="softmax", loss="ce", seed=0, dtype=np.float32)
    t_sub = best_of(1, lambda: sgd_epoch(loop_net, X[:, :subset], Y[:, :subset],
                                         lambda Xb, Yb: loss_and_grads_by_example(loop_net, Xb, Yb)))
    t_loop = t_sub * m / subset
    print(f"loop over examples: {t_sub:.3f} s for {subset} examples, "
          f"extrapolated to {t_loop:.1f} s per epoch: {t_loop / t_epoch:.0f} times the vectorised epoch")

    t_torch = torch_epoch(X, Y)
    if t_torch is None:
        print("torch.nn: not installed, skipped")
    else:
        print(f"torch.nn, same epoch: {t_torch:.3f} s; backprop_lab / torch = {t_epoch / t_torch:.2f}")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
