"""Momentum and a per-coordinate learning rate together: Adam and its three variants."""
from types import SimpleNamespace

import numpy as np

from .base import Optimizer, checked_betas, checked_eps, checked_number


class Adam(Optimizer):
    """Kingma and Ba 2015. torch.optim.Adam(lr=lr, betas=betas, eps=eps).

    m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
    w <- w - lr m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t),  v_hat = v / (1 - b2^t)
    """
    slots = ("m", "v")

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.betas, self.eps = checked_betas(betas), checked_eps(eps)
        super().__init__(lr)

    def rule(self, w, g, s, t):
        b1, b2 = self.betas
        s.m = b1 * s.m + (1 - b1) * g
        s.v = b2 * s.v + (1 - b2) * g * g
        m_hat = s.m / (1 - b1 ** t)
        v_hat = s.v / (1 - b2 ** t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdaMax(Optimizer):
    """Adam with the infinity norm (Kingma and Ba 2015, section 7). torch.optim.Adamax.

    m <- b1 m + (1 - b1) g,  u <- max(b2 u, |g| + eps),  w <- w - lr / (1 - b1^t) m / u
    (the paper has |g| without eps; the eps keeps u > 0 when g = 0 from the start. So the two
    never give exactly the same steps, at t = 1 the max is |g| + eps, only the same up to eps.)
    """
    slots = ("m", "u")

    def __init__(self, lr=2e-3, betas=(0.9, 0.999), eps=1e-8):
        self.betas, self.eps = checked_betas(betas), checked_eps(eps)
        super().__init__(lr)

    def rule(self, w, g, s, t):
        b1, b2 = self.betas
        s.m = b1 * s.m + (1 - b1) * g
        s.u = np.maximum(b2 * s.u, np.abs(g) + self.eps)
        return w - self.lr / (1 - b1 ** t) * s.m / s.u


class Nadam(Optimizer):
    """Adam with Nesterov momentum (Dozat 2016). torch.optim.NAdam.

    mu_t = b1 (1 - 0.5 * 0.96^(t momentum_decay)),  P_t = mu_1 ... mu_t   (the schedule)
    m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,  v_hat = v / (1 - b2^t),
    w <- w - lr [(1 - mu_t) / (1 - P_t) g + mu_{t+1} / (1 - P_t mu_{t+1}) m] / (sqrt(v_hat) + eps)
    form="constant": mu_t = b1 at every step, no schedule (the form most overviews quote).
    """
    forms = ("pytorch", "constant")
    slots = ("m", "v")

    def __init__(self, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, momentum_decay=4e-3, *, form="pytorch"):
        self.betas, self.eps = checked_betas(betas), checked_eps(eps)
        self.momentum_decay = checked_number("momentum_decay", momentum_decay, low=0.0)
        super().__init__(lr, form)

    def initial_state(self, p):
        return SimpleNamespace(m=np.zeros_like(p), v=np.zeros_like(p), mu_product=1.0)

    def mu(self, t):
        """The momentum coefficient at step t."""
        b1 = self.betas[0]
        if self.form == "constant":
            return b1
        return b1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def rule(self, w, g, s, t):
        b1, b2 = self.betas
        mu, mu_next = self.mu(t), self.mu(t + 1)
        s.mu_product = s.mu_product * mu
        s.m = b1 * s.m + (1 - b1) * g
        s.v = b2 * s.v + (1 - b2) * g * g
        denom = np.sqrt(s.v / (1 - b2 ** t)) + self.eps
        w = w - self.lr * (1 - mu) / (1 - s.mu_product) * g / denom
        return w - self.lr * mu_next / (1 - s.mu_product * mu_next) * s.m / denom


class AMSGrad(Optimizer):
    """Adam whose v never decreases (Reddi, Kale and Kumar 2018). torch.optim.Adam(amsgrad=True).

    m, v as in Adam,  v_max <- max(v_max, v),
    w <- w - lr m / (1 - b1^t) / (sqrt(v_max / (1 - b2^t)) + eps)
    form="reddi": no bias correction, w <- w - lr m / (sqrt(v_max) + eps), as in the paper.
    """
    forms = ("pytorch", "reddi")
    slots = ("m", "v", "v_max")

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, *, form="pytorch"):
        self.betas, self.eps = checked_betas(betas), checked_eps(eps)
        super().__init__(lr, form)

    def rule(self, w, g, s, t):
        b1, b2 = self.betas
        s.m = b1 * s.m + (1 - b1) * g
        s.v = b2 * s.v + (1 - b2) * g * g
        s.v_max = np.maximum(s.v_max, s.v)
        if self.form == "reddi":
            return w - self.lr * s.m / (np.sqrt(s.v_max) + self.eps)
        return w - self.lr * s.m / (1 - b1 ** t) / (np.sqrt(s.v_max / (1 - b2 ** t)) + self.eps)
