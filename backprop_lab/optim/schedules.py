"""Learning-rate schedules: the rate as a function of the epoch t = 0, 1, 2, ...

    from backprop_lab.optim import schedule
    eta = schedule("CosineAnnealingLR", 0.1, T_max=50)
    eta(0), eta(25), eta(50)          # 0.1, 0.05, 0.0

Each equals the learning rate that torch.optim.lr_scheduler's class of the same name gives after
t calls of scheduler.step(). Torch updates most of them recursively, from the previous rate;
here each is its closed form, equal up to rounding:

    StepLR             lr * gamma ** (t // step_size)
    ExponentialLR      lr * gamma ** t
    CosineAnnealingLR  eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2
                       (Loshchilov & Hutter 2017, SGDR, without restarts; past T_max it rises
                       again, as torch's does)
    LinearLR           lr * (start_factor + (end_factor - start_factor) min(t, total_iters) / total_iters)

A schedule changes eta over time, the same for every weight; an adaptive optimizer (AdaGrad,
RMSprop, Adam) changes it per weight, from that weight's gradients. The two combine: set
optimizer.lr = eta(t) at the start of each epoch.
"""
import inspect
import math
import numbers

from .base import checked_lr, checked_number


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def step_lr(lr, step_size, gamma=0.1):
    step_size = _positive_int("step_size", step_size)
    gamma = checked_number("gamma", gamma, low=0.0, low_open=True)
    return lambda t: lr * gamma ** (t // step_size)


def exponential_lr(lr, gamma):
    gamma = checked_number("gamma", gamma, low=0.0, low_open=True)
    return lambda t: lr * gamma ** t


def cosine_annealing_lr(lr, T_max, eta_min=0.0):
    T_max = _positive_int("T_max", T_max)
    eta_min = checked_number("eta_min", eta_min, low=0.0, high=lr, high_open=False)
    return lambda t: eta_min + (lr - eta_min) * (1 + math.cos(math.pi * t / T_max)) / 2


def linear_lr(lr, start_factor=1 / 3, end_factor=1.0, total_iters=5):
    # torch's own bounds: start in (0, 1], end in [0, 1]
    start = checked_number("start_factor", start_factor, low=0.0, high=1.0, low_open=True, high_open=False)
    end = checked_number("end_factor", end_factor, low=0.0, high=1.0, high_open=False)
    total_iters = _positive_int("total_iters", total_iters)
    return lambda t: lr * (start + (end - start) * min(t, total_iters) / total_iters)


SCHEDULES = {"StepLR": step_lr, "ExponentialLR": exponential_lr,
             "CosineAnnealingLR": cosine_annealing_lr, "LinearLR": linear_lr}


class Schedule:
    """eta(t): the learning rate at epoch t (an integer >= 0)."""

    def __init__(self, name, lr, rule, kw):
        self.name, self.lr, self._rule, self.kw = name, lr, rule, kw

    def __call__(self, t):
        if isinstance(t, bool) or not isinstance(t, numbers.Integral) or t < 0:
            raise ValueError(f"the epoch t must be an integer >= 0, got {t!r}")
        return float(self._rule(int(t)))

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.kw.items())
        return f"schedule({self.name!r}, {self.lr!r}{args})"


def schedule(name, lr, **kw):
    """The schedule called name (StepLR, ExponentialLR, CosineAnnealingLR, LinearLR) starting
    from the learning rate lr, with torch.optim.lr_scheduler's arguments and defaults."""
    if name not in SCHEDULES:
        raise ValueError(f"no schedule called {name!r}; the names are {list(SCHEDULES)}")
    lr = checked_lr(lr)
    make = SCHEDULES[name]
    arguments = list(inspect.signature(make).parameters.values())[1:]
    unknown = [k for k in kw if k not in [a.name for a in arguments]]
    missing = [a.name for a in arguments if a.default is a.empty and a.name not in kw]
    if unknown or missing:
        told = ", ".join(a.name if a.default is a.empty else f"{a.name}={a.default:.4g}" for a in arguments)
        problem = f"has no argument {unknown[0]!r}" if unknown else f"needs {' and '.join(missing)}"
        raise TypeError(f"{name} {problem}: its arguments are lr, {told}")
    return Schedule(name, lr, make(lr, **kw), kw)
