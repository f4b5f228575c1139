"""What every optimizer shares: checked hyper-parameters, a checked step, and state that
changes only when the whole step has succeeded.

A subclass writes its update rule for one array as `rule(self, w, g, s, t)`: `w` the
parameter, `g` its gradient, `s` the state of that array (a namespace whose fields the rule
rebinds, never changes in place), `t` the step number, 1 on the first step. It returns the
new `w`. `step` runs the rule on every array first and commits only when all have run, so a
refused or failed step leaves the parameters and the state exactly as they were.
"""
import numbers
from types import SimpleNamespace

import numpy as np


def checked_number(name, value, low=None, high=None, low_open=False, high_open=True):
    """value as a float, or a clear error naming name, the value and the allowed range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    value = float(value)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if not np.isfinite(value) or too_low or too_high:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        bounds = f"{left}{'-inf' if low is None else low}, {'inf' if high is None else high}{right}"
        raise ValueError(f"{name} must be in {bounds}, got {value!r}")
    return value


def checked_lr(lr):
    return checked_number("lr", lr, low=0.0, low_open=True)


def checked_fraction(name, value):
    """A decay rate: momentum, a beta, alpha or rho, in [0, 1)."""
    return checked_number(name, value, low=0.0, high=1.0)


def checked_eps(eps):
    return checked_number("eps", eps, low=0.0)


def checked_betas(betas):
    if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
        raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
    return checked_fraction("beta1", betas[0]), checked_fraction("beta2", betas[1])


def checked_step(params, grads, shapes):
    """The params (list of float arrays) and grads (as arrays), or an error naming what is wrong."""
    for name, seq in (("params", params), ("grads", grads)):
        if not isinstance(seq, (list, tuple)):
            raise TypeError(f"{name} must be a list of NumPy arrays, got {type(seq).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} params but {len(grads)} grads: one gradient per parameter array")
    if not params:
        raise ValueError("params is empty: nothing to update")
    checked = []
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
            raise TypeError(f"params[{i}] must be a NumPy array of floats (it is updated in place), "
                            f"got {type(p).__name__}{' of ' + str(p.dtype) if isinstance(p, np.ndarray) else ''}")
        if not p.flags.writeable:
            raise ValueError(f"params[{i}] is read-only: step updates it in place")
        try:
            g = np.asarray(g)
        except Exception as error:
            raise TypeError(f"grads[{i}] is not an array: {error}") from None
        if g.dtype.kind not in "fiu":
            raise TypeError(f"grads[{i}] must hold real numbers, got dtype {g.dtype}")
        if g.shape != p.shape:
            raise ValueError(f"grads[{i}] has shape {g.shape} but params[{i}] has shape {p.shape}")
        if not np.isfinite(g).all():
            bad = int(g.size - np.count_nonzero(np.isfinite(g)))
            raise ValueError(f"grads[{i}] holds {bad} NaN or inf value{'s' if bad > 1 else ''}: "
                             "step refused, nothing changed")
        checked.append(g)
    if shapes is not None and shapes != [p.shape for p in params]:
        raise ValueError(f"this optimizer's state was made for params of shapes {shapes}, got "
                         f"{[p.shape for p in params]}: make a new optimizer, or call reset()")
    return list(params), checked


class Optimizer:
    """The interface of every optimizer: step(params, grads), lookahead(params), reset()."""
    forms = ("pytorch",)    # the conventions a class offers; the first is torch.optim's
    slots = ()              # the state of each array, zero at the start

    def __init__(self, lr, form="pytorch"):
        self.lr = checked_lr(lr)
        if form not in self.forms:
            raise ValueError(f"form must be one of {self.forms}, got {form!r}")
        self.form = form
        self.reset()

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):          # a schedule may change it between steps; checked each time
        self._lr = checked_lr(value)

    def reset(self):
        """Forget the state: the next step is step 1 again."""
        self.t, self.state, self.shapes = 0, None, None

    def initial_state(self, p):
        return SimpleNamespace(**{name: np.zeros_like(p) for name in self.slots})

    def lookahead(self, params):
        """Where the next gradient must be taken: the params themselves, except for the
        look-ahead form of Nesterov's method."""
        return list(params)

    def step(self, params, grads):
        """Update params (a list of float arrays) in place, one step against grads."""
        params, grads = checked_step(params, grads, self.shapes)
        state = self.state or [self.initial_state(p) for p in params]
        t = self.t + 1
        new_params, new_state = [], []
        for w, g, s in zip(params, grads, state):
            s = SimpleNamespace(**vars(s))          # a copy: the rule rebinds its fields
            new_params.append(self.rule(w, g, s, t))
            new_state.append(s)
        for w, new in zip(params, new_params):     # every rule has run: now commit
            w[...] = new
        self.t, self.state, self.shapes = t, new_state, [p.shape for p in params]

    def rule(self, w, g, s, t):
        raise NotImplementedError

    def __repr__(self):
        names = ["lr"] + [k for k in vars(self) if k not in ("_lr", "t", "state", "shapes")]
        return f"{type(self).__name__}({', '.join(f'{k}={getattr(self, k)!r}' for k in names)})"
