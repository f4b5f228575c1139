"""Checks for lesson 05: Momentum, then Adam, written by the learner as classes with
step(params, grads). Each check runs three steps on two arrays and compares the whole path
with the paths that the usual slips give, worked out here independently of backprop_lab.optim."""
import numpy as np

from .. import optim
from ..exercise import WRONG, Verdict, attempt, compare, conclude

START = [np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[0.1], [-0.3]])]
GRADS = [[np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[-1.5], [0.2]])],
         [np.array([[-0.5, 1.0], [2.5, -1.0]]), np.array([[0.7], [-2.0]])],
         [np.array([[2.0, 0.3], [-1.0, 0.5]]), np.array([[0.1], [1.2]])]]
# momentum not 0.5: at 0.5, momentum*(b + g) (b += g before b *= momentum) is the moving average
MOMENTUM = dict(lr=0.1, momentum=0.7)
ADAM = dict(lr=0.1, betas=(0.8, 0.9), eps=0.1)   # a large eps, so that where it sits shows


def run_candidate(cls, hyper):
    """The path (all params after each step, flattened) of the learner's class, or a Verdict."""
    opt, failed = attempt(lambda: cls(**hyper))
    if failed:
        return None, failed
    params = [p.copy() for p in START]
    path = []
    for grads in GRADS:
        _, failed = attempt(lambda: opt.step(params, [g.copy() for g in grads]))
        if failed:
            return None, failed
        path.append(np.concatenate([p.ravel() for p in params]))
    if all(np.array_equal(p, q) for p, q in zip(params, START)):
        return None, Verdict(WRONG, "three steps left params unchanged: either the arrays were not "
                                    "updated in place (`p = p - ...` makes a new array that the caller "
                                    "never sees: write p -= ..., or p[...] = ...), or every step was "
                                    "zero (does g reach what p is moved by?).")
    return np.array(path), None


def path_of(update, state0):
    """The path of a per-array rule update(w, g, state, t) -> (w, state), state0(w) the start."""
    params, states, path = [p.copy() for p in START], [state0(p) for p in START], []
    for t, grads in enumerate(GRADS, start=1):
        for i, g in enumerate(grads):
            params[i], states[i] = update(params[i], g, states[i], t)
        path.append(np.concatenate([p.ravel() for p in params]))
    return np.array(path)


def momentum_path(lr=MOMENTUM["lr"], mu=MOMENTUM["momentum"], ema=False, fresh=False, uphill=False,
                  late=False, nesterov=False, scaled_sum=False):
    def update(w, g, b, t):
        g = -g if uphill else g
        b_new = (0 if fresh else mu * b) + ((1 - mu) * g if ema else g)
        if scaled_sum:           # b += g, then b *= momentum
            b_new = mu * (b + g)
        if late:                 # the step taken with the old velocity
            return w - lr * b, b_new
        return w - lr * (g + mu * b_new if nesterov else b_new), b_new
    return path_of(update, np.zeros_like)


def diagnose_momentum(candidate):
    path, failed = run_candidate(candidate, MOMENTUM)
    if failed:
        return failed
    return compare(path, momentum_path(), name="the path of params over three steps", mistakes=[
        # the same path, two slips: the velocity lost between steps, or kept and never used
        (momentum_path(fresh=True), "each step moved p by lr*g alone, which is plain SGD: the velocity "
                                    "does not reach the step. Either b is not kept between steps (it "
                                    "starts again from 0: keep one per array on self and update it in "
                                    "place, b *= momentum; b += g, since `b = momentum * b + g` inside "
                                    "the loop makes a new local array and leaves self's at zero), or p is "
                                    "moved with g instead of b (p -= lr*b)."),
        (momentum_path(ema=True), "you wrote b = momentum*b + (1 - momentum)*g, the moving-average form of "
                                  "Ng's course. It is the same method with lr scaled by (1 - momentum); "
                                  "PyTorch's form, asked for here, is b = momentum*b + g."),
        (momentum_path(scaled_sum=True), "b became momentum*(b + g): g was added before b was scaled "
                                         "(b += g, then b *= momentum). Scale first, then add: "
                                         "b *= momentum; b += g."),
        (momentum_path(uphill=True), "the steps go uphill: with b = momentum*b + g the update is p -= lr*b."),
        (momentum_path(late=True), "the step uses the velocity from before this step's gradient: "
                                   "update b first, then p -= lr*b."),
        (momentum_path(nesterov=True), "that is Nesterov's update (the gradient added again, g + momentum*b); "
                                       "plain momentum steps by lr*b."),
    ])


def momentum(candidate):
    """Check the learner's Momentum class; return what the cells below use."""
    return conclude("Exercise 1, Momentum", diagnose_momentum(candidate), candidate, optim.Momentum,
                    used="Momentum_used")


def adam_path(lr=0.1, b1=0.8, b2=0.9, eps=0.1, correct_m=1, correct_v=1, stored=False,
              eps_inside=False, fresh=False, lost_mv=False, frozen_t=False, no_sqrt=False):
    """Adam's path, or the path of one slip: correct_m / correct_v = how many times each
    bias correction is applied (0, 1 or 2); stored: the corrected m and v are kept as state;
    fresh: m, v and t start again at every step; lost_mv: m and v start again at every step
    while t counts on; frozen_t: t stays 1."""
    def update(w, g, s, t):
        m, v = s
        if fresh:
            m, v, t = 0 * m, 0 * v, 1
        if lost_mv:
            m, v = 0 * m, 0 * v
        t = 1 if frozen_t else t
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t) ** correct_m, v / (1 - b2 ** t) ** correct_v
        if stored:
            m, v = m_hat, v_hat
        root = v_hat if no_sqrt else (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat))
        return w - lr * m_hat / (root if eps_inside else root + eps), (m, v)
    return path_of(update, lambda p: (np.zeros_like(p), np.zeros_like(p)))


ADAM_SLIPS = [
    (dict(correct_m=0, correct_v=0), "the bias correction is missing: m and v start at zero, so early on "
                                     "they are too small by the factors (1 - beta1^t) and (1 - beta2^t). "
                                     "Uncorrected, the first step is (1 - beta1) / sqrt(1 - beta2) times "
                                     "the corrected one: about 3.16 times too large with the default "
                                     "betas (0.9, 0.999). Divide m by (1 - beta1^t) and v by (1 - beta2^t)."),
    (dict(correct_m=0), "m is not bias-corrected: m_hat = m / (1 - beta1^t)."),
    (dict(correct_v=0), "v is not bias-corrected: v_hat = v / (1 - beta2^t)."),
    (dict(correct_m=2, correct_v=2), "the bias correction is applied twice: divide by (1 - beta^t) once."),
    (dict(stored=True), "the bias-corrected m_hat and v_hat were stored back into m and v, so the "
                        "correction piles up from step to step: keep m and v uncorrected, and correct "
                        "a copy."),
    (dict(eps_inside=True), "eps is inside the square root: Adam divides by sqrt(v_hat) + eps."),
    (dict(fresh=True), "the state is not kept between steps: m, v and t start again at every step. "
                       "Keep them on self."),
    (dict(lost_mv=True), "m and v are not kept between steps (t is): either they are made again at "
                         "every step (make them once, when self.m is None), or `m = beta1 * m + ...` "
                         "inside the loop makes a new local array and leaves the stored one at zero "
                         "(update the stored arrays in place, m *= beta1; m += (1 - beta1) * g, or "
                         "assign the new ones back to self)."),
    (dict(frozen_t=True), "t is not counted: the bias correction uses the step number t = 1, 2, 3, ... "
                          "Increment self.t once per step, before the corrections."),
    (dict(b1=0.9, b2=0.8), "beta1 and beta2 are swapped: m uses beta1, v uses beta2."),
    (dict(no_sqrt=True), "the square root of v_hat is missing."),
]


def diagnose_adam(candidate):
    path, failed = run_candidate(candidate, ADAM)
    if failed:
        return failed
    return compare(path, adam_path(), name="the path of params over three steps",
                   mistakes=[(adam_path(**slip), explanation) for slip, explanation in ADAM_SLIPS])


def adam(candidate):
    """Check the learner's Adam class; return what the cells below use."""
    return conclude("Exercise 2, Adam", diagnose_adam(candidate), candidate, optim.Adam, used="Adam_used")
