"""Plain gradient descent and the two momentum methods (torch.optim.SGD's three modes)."""
from .base import Optimizer, checked_fraction


class SGD(Optimizer):
    """w <- w - lr g. torch.optim.SGD(lr=lr)."""

    def rule(self, w, g, s, t):
        return w - self.lr * g


class Momentum(Optimizer):
    """Heavy ball (Polyak 1964). torch.optim.SGD(lr=lr, momentum=momentum).

    form="pytorch": b <- momentum b + g,            w <- w - lr b
    form="ema":     v <- momentum v + (1 - momentum) g,  w <- w - lr v   (Ng's deep-learning course)
    From zero state the two are the same steps when ema's lr is pytorch's lr / (1 - momentum),
    also under a learning-rate schedule: v = (1 - momentum) b at every step, whatever lr does.
    """
    forms = ("pytorch", "ema")
    slots = ("b",)

    def __init__(self, lr, momentum=0.9, *, form="pytorch"):
        self.momentum = checked_fraction("momentum", momentum)
        super().__init__(lr, form)

    def rule(self, w, g, s, t):
        mu = self.momentum
        if self.form == "ema":
            s.b = mu * s.b + (1 - mu) * g
        else:
            s.b = mu * s.b + g
        return w - self.lr * s.b


class Nesterov(Optimizer):
    """Nesterov's accelerated gradient. torch.optim.SGD(lr=lr, momentum=momentum, nesterov=True).

    form="pytorch":   b <- momentum b + g,  w <- w - lr (g + momentum b)   (g at w)
    form="lookahead": v <- momentum v - lr g*,  w <- w + v, with g* the gradient at the
                      projected weights w* = w + momentum v (Sutskever et al. 2013): call
                      lookahead(params) for w*, take the gradient there, then step.
    At a constant lr, the pytorch form's w is the lookahead form's w*: the same method,
    written at the projected point, so it needs no extra forward pass. Under a learning-rate
    schedule they differ: v holds each past gradient times the lr of its own step, b holds raw
    gradients that the current lr multiplies.
    """
    forms = ("pytorch", "lookahead")
    slots = ("b",)

    def __init__(self, lr, momentum=0.9, *, form="pytorch"):
        self.momentum = checked_fraction("momentum", momentum)
        super().__init__(lr, form)

    def lookahead(self, params):
        if self.form == "pytorch" or self.state is None:
            return list(params)
        return [w + self.momentum * s.b for w, s in zip(params, self.state)]

    def rule(self, w, g, s, t):
        mu = self.momentum
        if self.form == "lookahead":          # s.b is the velocity v
            s.b = mu * s.b - self.lr * g
            return w + s.b
        s.b = mu * s.b + g
        return w - self.lr * (g + mu * s.b)
