"""A learning rate per coordinate, from the squared gradients: AdaGrad, RMSprop, Adadelta."""
import numpy as np

from .base import Optimizer, checked_eps, checked_fraction


class AdaGrad(Optimizer):
    """Duchi, Hazan and Singer 2011. torch.optim.Adagrad(lr=lr, eps=eps).

    G <- G + g^2,  w <- w - lr g / (sqrt(G) + eps)
    form="eps_inside": w <- w - lr g / sqrt(G + eps)   (as many overviews write it)
    """
    forms = ("pytorch", "eps_inside")
    slots = ("G",)

    def __init__(self, lr=0.01, eps=1e-10, *, form="pytorch"):
        self.eps = checked_eps(eps)
        super().__init__(lr, form)

    def rule(self, w, g, s, t):
        s.G = s.G + g * g
        if self.form == "eps_inside":
            return w - self.lr * g / np.sqrt(s.G + self.eps)
        return w - self.lr * g / (np.sqrt(s.G) + self.eps)


class RMSprop(Optimizer):
    """Hinton's lecture 6e, 2012. torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps).

    v <- alpha v + (1 - alpha) g^2,  w <- w - lr g / (sqrt(v) + eps)
    form="eps_inside": w <- w - lr g / sqrt(v + eps)   (as many overviews write it)
    """
    forms = ("pytorch", "eps_inside")
    slots = ("v",)

    def __init__(self, lr=0.01, alpha=0.99, eps=1e-8, *, form="pytorch"):
        self.alpha = checked_fraction("alpha", alpha)
        self.eps = checked_eps(eps)
        super().__init__(lr, form)

    def rule(self, w, g, s, t):
        a = self.alpha
        s.v = a * s.v + (1 - a) * g * g
        if self.form == "eps_inside":
            return w - self.lr * g / np.sqrt(s.v + self.eps)
        return w - self.lr * g / (np.sqrt(s.v) + self.eps)


class Adadelta(Optimizer):
    """Zeiler 2012. torch.optim.Adadelta(lr=lr, rho=rho, eps=eps).

    v <- rho v + (1 - rho) g^2,  dw = sqrt(u + eps) / sqrt(v + eps) g,
    u <- rho u + (1 - rho) dw^2,  w <- w - lr dw.   Zeiler's rule has no lr: it is lr = 1.
    """
    slots = ("v", "u")

    def __init__(self, lr=1.0, rho=0.9, eps=1e-6):
        self.rho = checked_fraction("rho", rho)
        self.eps = checked_eps(eps)
        super().__init__(lr)

    def rule(self, w, g, s, t):
        rho, eps = self.rho, self.eps
        s.v = rho * s.v + (1 - rho) * g * g
        dw = np.sqrt(s.u + eps) / np.sqrt(s.v + eps) * g
        s.u = rho * s.u + (1 - rho) * dw * dw
        return w - self.lr * dw
