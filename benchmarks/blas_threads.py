"""One BLAS thread against two, for the lessons' own work: a slider move of lesson 07's
initialization explorer (ten 100-unit layers over 500 digits, then the histograms blitted) and
five epochs of lesson 07's training (64-32-10 on 1,000 digits, batches of 50). Wall time and
CPU time, on an idle machine and with one busy process on another core (as the browser is while
it paints), in the same run.

backprop_lab limits BLAS to one thread when it is imported (unless OPENBLAS_NUM_THREADS or
OMP_NUM_THREADS is set); this script sets each count itself.

    python benchmarks/blas_threads.py
"""
import multiprocessing
import os
import statistics
import time

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from backprop_lab import MLP, data, optim  # noqa: E402
from backprop_lab.fit import fit  # noqa: E402
from backprop_lab.widgets.initialization import SCALES, initialization_explorer  # noqa: E402


def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def timed(call, repeats):
    """Median wall ms and median CPU ms (this process, all its threads) of call()."""
    walls, cpus = [], []
    for k in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        call(k)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return 1e3 * statistics.median(walls), 1e3 * statistics.median(cpus)


def main():
    pixels, labels = data.digits()
    X = (pixels - pixels.mean(1, keepdims=True)) / (pixels.std(1, keepdims=True) + 1e-8)
    explorer = initialization_explorer(X[:, :500]).explorer
    explorer.fig.canvas.draw()
    X_train, y_train = pixels[:, :1000] / 16, labels[:1000]

    def slider(k):
        explorer.update(scale=SCALES[k % len(SCALES)])

    def training(k):
        net = MLP([64, 32, 10], hidden="relu", output="softmax", loss="ce", seed=0)
        fit(net, optim.Momentum(lr=0.05, momentum=0.9), X_train, y_train, X_train[:, :200], y_train[:200], 5, 50)

    print(f"{os.cpu_count()} cores; median of the repeats, ms: wall / CPU")
    rows = {}
    for load in ("idle", "one busy core"):
        busy = multiprocessing.Process(target=spin, args=(120,)) if load != "idle" else None
        if busy:
            busy.start()
        for threads in (1, 2):
            with threadpool_limits(threads, user_api="blas"):
                rows[load, threads] = timed(slider, 40), timed(training, 3)
        if busy:
            busy.terminate()
        for threads in (1, 2):
            (sw, sc), (tw, tc) = rows[load, threads]
            print(f"  {load:<14} {threads} BLAS thread{'s' if threads > 1 else ' '}   slider move {sw:7.1f} / {sc:7.1f}"
                  f"   5 epochs {tw:7.1f} / {tc:7.1f}")
    for load in ("idle", "one busy core"):
        (s1, _), (t1, _) = rows[load, 1]
        (s2, _), (t2, _) = rows[load, 2]
        print(f"  {load}: wall time with 2 threads / 1 thread: slider move {s2 / s1:.2f}x, training {t2 / t1:.2f}x")


if __name__ == "__main__":
    main()
