"""The optimizer family, one class each, torch.optim's numbers by default.

Every optimizer has step(params, grads), which updates a list of NumPy arrays in place, and
refuses bad input changing nothing. `form=` picks a textbook convention where one differs.
"""
from .adam import Adam, AdaMax, AMSGrad, Nadam
from .adaptive import Adadelta, AdaGrad, RMSprop
from .base import Optimizer
from .sgd import SGD, Momentum, Nesterov
from .train import train
from .schedules import schedule

# In the order of the family tree. CS231n's idea: one interface, so callers swap them by name.
OPTIMIZERS = {cls.__name__: cls for cls in
              (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adadelta, Adam, AdaMax, Nadam, AMSGrad)}


def make(name, **hyper):
    """make("Adam", lr=0.01): the optimizer called name."""
    if name not in OPTIMIZERS:
        raise ValueError(f"no optimizer called {name!r}; the names are {list(OPTIMIZERS)}")
    return OPTIMIZERS[name](**hyper)
