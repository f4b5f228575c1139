# %% [markdown] slideshow={"slide_type": "slide"}
# # 05 · The optimizer family
# > SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adadelta, Adam, AdaMax, Nadam and AMSGrad in one notation, their family tree, paths on loss surfaces with learning-rate and momentum sliders, one network trained with each, and where Adam fails
#
# Backpropagation gives the gradient $g = \partial L / \partial w$. What to do with it is the
# optimizer's job. Plain gradient descent steps against $g$; ten years of papers found better
# steps by changing two things: the **direction** (a running average of gradients: momentum)
# and the **size of the step in each coordinate** (divided by a running size of the gradients).
# Adam and its variants do both.
#
# Every optimizer here is a class in `backprop_lab.optim` with `step(params, grads)`, which
# updates a list of NumPy arrays in place. By default each one gives the same numbers as its
# `torch.optim` counterpart, step for step, so what you learn here is what PyTorch does.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - write SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adadelta, Adam, AdaMax, Nadam and AMSGrad in one notation, and place each in the family tree;
# - implement Momentum and Adam (with bias correction) as `step` functions;
# - say why the same learning rate means different steps for different optimizers, and compute SGD's stable limit $2/\lambda_{max}$;
# - explain why the adaptive methods are not rotation invariant;
# - describe Reddi et al.'s problem where Adam fails and AMSGrad does not.
#
# **Plan for a 45-minute class.**
# - 0–10 min: sections 1 and 2 (notation, family tree).
# - 10–25 min: section 3, a selection: SGD, Momentum, RMSprop, Adam; exercise 1 (Momentum) in pairs.
# - 25–40 min: section 5, the paths on the surfaces with the sliders; pause for the stability-limit question.
# - 40–45 min: section 7, where Adam fails (the result only).
#
# **Plan for a 90-minute class.**
# - 0–10 min: sections 1 and 2.
# - 10–35 min: section 3, every rule; exercises 1 and 2 (Momentum, Adam).
# - 35–45 min: section 4, conventions; pause for the $\epsilon$ question.
# - 45–70 min: section 5 with the sliders; the limits and the rotated quadratic.
# - 70–80 min: section 6, the network of lesson 04 with each optimizer.
# - 80–90 min: section 7, Reddi et al.'s online problem.

# %% slideshow={"slide_type": "subslide"}
# %matplotlib widget
import inspect

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Code, display
from tqdm.auto import tqdm

from backprop_lab import MLP, data, online_problem, optim, training
from backprop_lab.checks import optimizers as check
from backprop_lab.surfaces import QUADRATIC, ROSENBROCK, ROTATED_QUADRATIC, SADDLE
from backprop_lab.widgets import optimizer_paths
from backprop_lab.widgets.optimizer_paths import optimizer_explorer, run_all


def show(code_object):
    """Display the package's own source of a function or class."""
    display(Code(inspect.getsource(code_object), language="python"))


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. One notation
#
# | symbol | meaning | in the code |
# | --- | --- | --- |
# | $w$ | one parameter array ($W^{[l]}$ or $b^{[l]}$) | `w` |
# | $g = \partial L/\partial w$ | its gradient at this step | `g` |
# | $t$ | the step number, $1, 2, 3, \dots$ | `t` |
# | $\eta$ | the learning rate | `self.lr` |
# | $\mu$ | momentum | `self.momentum` |
# | $\beta_1, \beta_2$ | decay rates of the running averages of $g$ and $g^2$ | `self.betas` |
# | $\epsilon$ | a small number that keeps a division finite | `self.eps` |
#
# Squares, roots and divisions act **coordinate by coordinate**. Each optimizer's rule is a
# method `rule(self, w, g, s, t)` that returns the new $w$; `s` holds that array's state ($b$,
# $m$, $v$, ...), which starts at zero. The shared `step` checks its input, runs the rule on
# every array, and only then writes the results: a refused step changes nothing.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The family tree
#
# Which idea each optimizer adds to its parents, with the year and the paper:

# %% slideshow={"slide_type": "subslide"}
optimizer_paths.family_tree();

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Each update rule, and the code that runs it
#
# **SGD** (Robbins and Monro 1951): step against the gradient.
# $$w \leftarrow w - \eta\, g$$

# %%
show(optim.SGD.rule)

# %% [markdown]
# **Momentum** (Polyak 1964): a velocity $b$ accumulates the gradients, and the step follows it.
# In a long valley the gradients along the valley add up, and those across it cancel.
# $$b \leftarrow \mu b + g, \qquad w \leftarrow w - \eta\, b$$

# %%
show(optim.Momentum.rule)

# %% [markdown]
# **Nesterov** (Nesterov 1983; for neural networks, Sutskever et al. 2013): correct the velocity
# with the gradient where it is about to take you. PyTorch's form takes $g$ at $w$ and adds it
# once more; at a constant learning rate this is exactly the look-ahead method, and with a
# learning-rate schedule it is not (section 4 runs both).
# $$b \leftarrow \mu b + g, \qquad w \leftarrow w - \eta\,(g + \mu b)$$

# %% slideshow={"slide_type": "subslide"}
show(optim.Nesterov.rule)

# %% [markdown]
# **AdaGrad** (Duchi, Hazan and Singer 2011): each coordinate gets its own step size, smaller
# where the gradients have been large. $G$ only grows, so each coordinate's rate
# $\eta / (\sqrt{G} + \epsilon)$ only shrinks; the step is that rate times $g$, and it still grows
# when $g$ does.
# $$G \leftarrow G + g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{G} + \epsilon}$$

# %%
show(optim.AdaGrad.rule)

# %% [markdown]
# **RMSprop** (Tieleman and Hinton 2012, lecture 6e): a moving average of $g^2$ instead of the
# sum, so that old gradients are forgotten and the step does not die out.
# $$v \leftarrow \alpha v + (1 - \alpha)\, g^2, \qquad w \leftarrow w - \eta\, \frac{g}{\sqrt{v} + \epsilon}$$

# %% slideshow={"slide_type": "subslide"}
show(optim.RMSprop.rule)

# %% [markdown]
# **Adadelta** (Zeiler 2012): the step is $g$ times the ratio of two root-mean-squares, of past
# steps over past gradients, so it has the units of $w$ and needs no learning rate (PyTorch
# multiplies it by $\eta$, default 1).
# $$v \leftarrow \rho v + (1-\rho)\, g^2, \quad \Delta = \frac{\sqrt{u + \epsilon}}{\sqrt{v + \epsilon}}\, g, \quad u \leftarrow \rho u + (1-\rho)\,\Delta^2, \quad w \leftarrow w - \eta\,\Delta$$

# %%
show(optim.Adadelta.rule)

# %% [markdown]
# **Adam** (Kingma and Ba 2015): momentum as a moving average $m$ of $g$, RMSprop's $v$, and a
# **bias correction**: $m$ and $v$ start at 0, so early on they are too small by the factors
# $1 - \beta_1^t$ and $1 - \beta_2^t$, which are divided out.
# $$m \leftarrow \beta_1 m + (1-\beta_1)\, g, \quad v \leftarrow \beta_2 v + (1-\beta_2)\, g^2, \quad
# w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}, \quad \hat m = \frac{m}{1-\beta_1^t}, \ \hat v = \frac{v}{1-\beta_2^t}$$

# %% slideshow={"slide_type": "subslide"}
show(optim.Adam.rule)

# %% [markdown]
# **AdaMax** (Kingma and Ba 2015, section 7): the root of a moving average of $g^2$ replaced by a
# decaying maximum of $|g|$ (the infinity norm). Only $m$ needs a bias correction.
# $$m \leftarrow \beta_1 m + (1-\beta_1)\, g, \quad u \leftarrow \max(\beta_2 u,\ |g| + \epsilon), \quad w \leftarrow w - \frac{\eta}{1 - \beta_1^t}\,\frac{m}{u}$$

# %%
show(optim.AdaMax.rule)

# %% [markdown]
# **Nadam** (Dozat 2016): Adam with Nesterov's look-ahead: the step mixes the current gradient
# and the *next* momentum. PyTorch lets the momentum warm up, $\mu_t = \beta_1\,(1 - \tfrac12\, 0.96^{\,t\psi})$
# with $\psi$ = `momentum_decay` = 0.004, and $P_t = \mu_1 \cdots \mu_t$:
# $$w \leftarrow w - \eta\,\Big[\frac{1-\mu_t}{1-P_t}\, g + \frac{\mu_{t+1}}{1 - P_t\,\mu_{t+1}}\, m\Big] \Big/ \big(\sqrt{\hat v} + \epsilon\big)$$
#
# The schedule is Dozat's own ($0.96^{t/250}$ in his paper, and $1/250 = 0.004$). Many overviews
# quote Nadam with a constant $\mu_t = \beta_1$ instead; that is `Nadam(form="constant")`.

# %% slideshow={"slide_type": "subslide"}
show(optim.Nadam.rule)
show(optim.Nadam.mu)

# %% [markdown]
# **AMSGrad** (Reddi, Kale and Kumar 2018): Adam whose $v$ may never decrease, which repairs the
# convergence proof (section 7 shows what goes wrong without it).
# $$v_{\max} \leftarrow \max(v_{\max}, v), \qquad w \leftarrow w - \eta\, \frac{m / (1-\beta_1^t)}{\sqrt{v_{\max}/(1-\beta_2^t)} + \epsilon}$$

# %%
show(optim.AMSGrad.rule)

# %% [markdown]
# And the `step` they all share: check everything, compute every new array, then write.

# %% slideshow={"slide_type": "subslide"}
show(optim.Optimizer.step)

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: Momentum
#
# Write the `step` of a momentum optimizer, PyTorch's form: for each parameter array,
# $b \leftarrow \mu b + g$ and then $w \leftarrow w - \eta b$. Update the arrays **in place**
# (`p -= ...`), and keep one velocity per array between steps.

# %%
class MyMomentum:
    def __init__(self, lr, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.b = None                 # one velocity per parameter array, made at the first step

    def step(self, params, grads):
        ### BEGIN SOLUTION
        if self.b is None:
            self.b = [np.zeros_like(p) for p in params]
        for p, g, b in zip(params, grads, self.b):
            b *= self.momentum
            b += g
            p -= self.lr * b
        ### END SOLUTION

# %%
Momentum_used = check.momentum(MyMomentum)

# %% slideshow={"slide_type": "subslide"}
params = [np.array([1.0, -2.0])]
mine = Momentum_used(lr=0.1, momentum=0.9)
for g in ([0.5, 1.0], [0.5, -1.0], [0.5, 1.0]):
    mine.step(params, [np.array(g)])
print("Momentum_used, after three steps:", params[0])

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: Adam
#
# Now Adam, as in section 3: keep $m$, $v$ and the step count $t$ between steps, correct the
# bias of both averages, and put $\epsilon$ outside the root.

# %%
class MyAdam:
    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.lr, self.betas, self.eps = lr, betas, eps
        self.t, self.m, self.v = 0, None, None

    def step(self, params, grads):
        ### BEGIN SOLUTION
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.t += 1
        b1, b2 = self.betas
        for p, g, m, v in zip(params, grads, self.m, self.v):
            m[...] = b1 * m + (1 - b1) * g
            v[...] = b2 * v + (1 - b2) * g * g
            m_hat = m / (1 - b1 ** self.t)
            v_hat = v / (1 - b2 ** self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        ### END SOLUTION

# %% slideshow={"slide_type": "subslide"}
Adam_used = check.adam(MyAdam)

# %%
params, reference = [np.array([1.0, -2.0])], [np.array([1.0, -2.0])]
mine, theirs = Adam_used(lr=0.1), optim.Adam(lr=0.1)
for g in ([0.5, 1.0], [0.5, -1.0], [0.5, 1.0]):
    mine.step(params, [np.array(g)])
    theirs.step(reference, [np.array(g)])
print("Adam_used, after three steps:", params[0], "  the package's Adam:", reference[0])

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Conventions: the same method, written differently
#
# Papers, courses and libraries write some of these rules in different but related ways. The
# package follows PyTorch and offers the textbook form where the difference is real
# (`form=...`).
#
# | optimizer | PyTorch (the default here) | textbook form | the same steps? | here |
# | --- | --- | --- | --- | --- |
# | Momentum | $b \leftarrow \mu b + g$, $w \leftarrow w - \eta b$ | Ng's course: $v \leftarrow \beta v + (1-\beta)\,g$, $w \leftarrow w - \alpha v$ | **yes**, with $\eta = \alpha(1-\beta)$, exactly, from zero state, also under a learning-rate schedule ($v = (1-\beta)\,b$ at every step, whatever $\eta$ does) | `Momentum(form="ema")` |
# | Momentum | `SGD(momentum=β, dampening=β)` | the moving average above | **no**: PyTorch's first velocity is $g$ itself, not $(1-\beta)\,g$ | |
# | Nesterov | $g$ at $w$; $w \leftarrow w - \eta(g + \mu b)$ | Sutskever et al. 2013: $v \leftarrow \mu v - \eta\, g(w + \mu v)$, $w \leftarrow w + v$: $g$ at the projected point, an extra forward pass | **yes at a constant $\eta$**: PyTorch's $w$ *is* the projected point $w + \mu v$. **No** under a schedule: Sutskever's $v$ carries the $\eta$ of past steps, PyTorch's $b$ does not | `Nesterov(form="lookahead")` |
# | AdaGrad, RMSprop | $g / (\sqrt{G} + \epsilon)$ | Ruder's overview (2016): $g / \sqrt{G + \epsilon}$ | **no**, where $G$ is small (for $\epsilon = 0$ they agree) | `form="eps_inside"` |
# | Adadelta | the step times $\eta$ | Zeiler: no learning rate | **yes**, with $\eta = 1$ (the default) | |
# | Adam | $\hat m / (\sqrt{\hat v} + \epsilon)$ | Kingma and Ba's "efficient" order, $\eta_t = \eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, $m/(\sqrt{v} + \hat\epsilon)$ (also TensorFlow's) | only if $\hat\epsilon = \epsilon\sqrt{1-\beta_2^t}$, which changes with $t$ | |
# | AdaMax | $u \leftarrow \max(\beta_2 u, \lvert g\rvert + \epsilon)$ | the paper: $\max(\beta_2 u, \lvert g\rvert)$ | **no**, never exactly: at $t = 1$ the max is $\lvert g_1\rvert + \epsilon$, so the steps are the same only up to $\epsilon$; the paper's form divides 0 by 0 when $g = 0$ at the start | |
# | Nadam | a momentum schedule $\mu_t$ (`momentum_decay` $= 0.004$) | the form most overviews quote: $\mu_t = \beta_1$ | **yes** in the limit of a fast `momentum_decay`; not at the default | `Nadam(form="constant")` |
# | AMSGrad | $\max$ of the raw $v$, then both bias corrections | Reddi et al.: no bias correction | **no**: a factor $\sqrt{1-\beta_2^t}/(1-\beta_1^t)$ that changes with $t$ | `AMSGrad(form="reddi")` |
#
# The equivalences, run: each line is the largest difference between the two forms' parameters
# over 200 steps on the quadratic of section 5, first at a constant learning rate, then with the
# schedule $\eta_k = 0.05 \cdot 0.99^k$ (step $k = 0, 1, \dots$), which shrinks the rate at every step.

# %% slideshow={"slide_type": "subslide"}
def path(opt, steps=200, surface=QUADRATIC, at_lookahead=False, schedule=None):
    """The points an optimizer visits; at_lookahead: the projected points instead;
    schedule: a function k -> the learning rate of step k, or None for a constant one."""
    w, points = [np.array(surface.start, dtype=float)], []
    for k in range(steps):
        if schedule is not None:
            opt.lr = schedule(k)
        ahead = opt.lookahead(w)
        opt.step(w, [surface.gradient(ahead[0])])
        points.append((opt.lookahead(w) if at_lookahead else w)[0].copy())
    return np.array(points)

beta, lr = 0.9, 0.05
gaps = {
    "EMA momentum (lr) vs PyTorch momentum (lr*(1-beta))":
        np.abs(path(optim.Momentum(lr, beta, form="ema")) - path(optim.Momentum(lr * (1 - beta), beta))).max(),
    "Sutskever's projected point w + mu*v vs PyTorch's Nesterov w":
        np.abs(path(optim.Nesterov(lr, beta, form="lookahead"), at_lookahead=True) - path(optim.Nesterov(lr, beta))).max(),
    "Nadam, constant mu vs momentum_decay = 1e6":
        np.abs(path(optim.Nadam(0.05, form="constant")) - path(optim.Nadam(0.05, momentum_decay=1e6))).max(),
    "Nadam, constant mu vs the default schedule (not the same)":
        np.abs(path(optim.Nadam(0.05, form="constant")) - path(optim.Nadam(0.05))).max(),
}
for what, gap in gaps.items():
    print(f"{gap:9.2e}  {what}")


def schedule(k):
    return lr * 0.99 ** k


scheduled = {
    "EMA momentum vs PyTorch momentum, both under the schedule (the same)":
        np.abs(path(optim.Momentum(lr, beta, form="ema"), schedule=schedule)
               - path(optim.Momentum(lr, beta), schedule=lambda k: schedule(k) * (1 - beta))).max(),
    "Sutskever's projected point vs PyTorch's Nesterov, both under the schedule (not the same)":
        np.abs(path(optim.Nesterov(lr, beta, form="lookahead"), at_lookahead=True, schedule=schedule)
               - path(optim.Nesterov(lr, beta), schedule=schedule)).max(),
}
print(f"\nwith the schedule lr_k = {lr} * 0.99^k:")
for what, gap in scheduled.items():
    print(f"{gap:9.2e}  {what}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Why the schedule separates the two Nesterovs and not the two momentums: Sutskever's velocity
# $v \leftarrow \mu v - \eta_k g$ holds each past gradient already multiplied by the learning rate
# *of its own step*, while PyTorch's buffer $b \leftarrow \mu b + g$ holds raw gradients that the
# *current* $\eta_k$ multiplies. The two agree only while $\eta_k$ stays the same. The moving-average
# momentum keeps raw gradients too ($v = (1 - \beta)\, b$ at every step), so the current rate
# multiplies both, and that equivalence survives any schedule.

# %% [markdown]
# Where $\epsilon$ sits matters when the gradients are small: for RMSprop's first step with
# $g = 10^{-4}$ (and $\epsilon = 10^{-8}$),

# %%
for form in ("pytorch", "eps_inside"):
    w = [np.array([0.0])]
    optim.RMSprop(lr=0.01, form=form).step(w, [np.array([1e-4])])
    print(f"{form:>10}: first step {-w[0][0]:.4g} = {-w[0][0] / 0.01:.3g} x lr")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 4): RMSprop's first step with $g = 10^{-4}$: how large is it with $\epsilon$ outside the square root, and inside?
#
# *Answer.* Outside (PyTorch): 0.0999, that is 9.99 × lr, whatever the size of $g$. Inside: 0.00995, 0.995 × lr.

# %% [markdown]
# With $\epsilon$ outside, the first step is about $\eta/\sqrt{1-\alpha} = 10\eta$ whatever the
# size of $g$; with $\epsilon$ inside, $\sqrt{v + \epsilon}$ is dominated by $\epsilon$ and the
# step is about $\eta$ instead.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Paths on four loss surfaces
#
# Four functions of two parameters $(x, y)$, each a typical difficulty:
# - an **ill-conditioned quadratic**, $f = 0.1x^2 + 2y^2$: 20 times more curved across the valley
#   than along it;
# - the same quadratic **rotated** by 45°, $f = 1.05x^2 - 1.9xy + 1.05y^2$: the same two
#   curvatures, along the diagonals instead of the axes (the cell after the sliders computes them);
# - **Rosenbrock's valley**, $f = (1-x)^2 + 100(y - x^2)^2$: a long, curved, flat-bottomed valley;
# - a **saddle**, $f = x^2/2 + y^4/4 - y^2/2$: the start $(-2, 0.001)$ lies almost exactly on the
#   ridge through the saddle point $(0, 0)$, and the minima are at $(0, \pm 1)$.
#
# **The race.** The optimizers you tick run from the black dot, each path in its own colour with
# its name at its head. **Click anywhere on the contours** to start from there; **Play** races
# them step by step (Pause stops them; the step slider moves through the race by hand). The
# learning rate slider is logarithmic; the momentum slider sets $\mu$ for Momentum and Nesterov
# and $\beta_1$ for the Adam family (the other hyper-parameters keep PyTorch's defaults). On the
# two quadratics the right panel splits the distance to the minimum along the two eigenvectors
# of the Hessian, the directions of lowest and highest curvature (on the other surfaces it is
# $f - f^*$); both on a log scale. A run that **diverges** stops where it leaves the picture,
# marked with a cross, and the line above the figure says so.
#
# Things to try:
# - On the quadratic, press **best fixed η** and watch SGD: both eigen-errors now fall at the
#   same rate, the fastest any fixed step allows. Move the learning rate up a little: the fast
#   direction (dotted) starts to oscillate and slows down; down a little: the slow one (solid) does.
# - Press **best η, μ for Momentum**: Momentum's solid line falls far faster than SGD's could.
#   Then push the momentum up to 0.99 and see the path spiral.
# - Push the learning rate past 0.5 with SGD ticked: it diverges, and the cross shows where it left.
# - Switch to the **rotated quadratic**, tick RMSprop, and compare with the axis-aligned one.
# - On **Rosenbrock's valley**, click near $(-1.5, 2.5)$ and race Momentum against Adam.

# %% slideshow={"slide_type": "subslide"}
optimizer_explorer()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The two buttons use the curvatures of the quadratic, $\lambda_{\min}$ and $\lambda_{\max}$,
# the eigenvalues of its Hessian. With a fixed step $\eta$, gradient descent multiplies the error
# along the eigenvector of $\lambda$ by $1 - \eta\lambda$ at every step; the worst of the two
# factors is smallest when they are equal and opposite, at $\eta = 2/(\lambda_{\min} + \lambda_{\max})$,
# where both are $(\kappa - 1)/(\kappa + 1)$ with $\kappa = \lambda_{\max}/\lambda_{\min}$.
# Heavy-ball momentum (Polyak 1964) does better: with $\eta = (2/(\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}}))^2$
# and $\mu = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2$ every error shrinks by $(\sqrt\kappa - 1)/(\sqrt\kappa + 1)$
# per step (Goh's "Why Momentum Really Works", Distill 2017, derives both). The cell computes them
# and measures the rate each run actually reaches over its last 50 of 150 steps:

# %%
lam, Q = optimizer_paths.curvatures(QUADRATIC)
kappa = lam[1] / lam[0]
eta_sgd = optimizer_paths.best_lr(*lam)
eta_mom, mu_mom = optimizer_paths.best_momentum(*lam)
print(f"curvatures {lam[0]:.3f} and {lam[1]:.3f}: condition number {kappa:.1f}")
print(f"SGD:      best eta = {eta_sgd:.4f}, rate (k-1)/(k+1) = {(kappa - 1) / (kappa + 1):.4f}")
print(f"Momentum: best eta = {eta_mom:.4f}, mu = {mu_mom:.4f}, rate (sqrt k-1)/(sqrt k+1) = "
      f"{(kappa ** 0.5 - 1) / (kappa ** 0.5 + 1):.4f}")
for name, eta, mu in (("SGD", eta_sgd, 0.0), ("Momentum", eta_mom, mu_mom)):
    points, _, _ = run_all(QUADRATIC, [name], eta, mu)[name]
    distance = np.linalg.norm(points, axis=1)
    print(f"{name:>8} measured: the distance to the minimum shrinks by {(distance[150] / distance[100]) ** (1 / 50):.4f} per step")
rate_sgd, rate_momentum = (kappa - 1) / (kappa + 1), (kappa ** 0.5 - 1) / (kappa ** 0.5 + 1)
print(f"steps to shrink the error by the same factor, Momentum / SGD: {np.log(rate_sgd) / np.log(rate_momentum):.2f}")

# %% [markdown]
# SGD meets its rate exactly. Momentum's measured factor is a little above its rate: at the best
# pair the two factors of each direction coincide, and a repeated factor $r$ shrinks the error
# like $t\,r^t$, not $r^t$; the extra $t$ fades slowly. The last line is the payoff: with its best
# pair, momentum needs that fraction of the steps that the best fixed step needs.

# %% [markdown]
# The same runs as numbers: $f - f^*$ after 150 steps, on each surface at its default learning
# rate (momentum 0.9).

# %% slideshow={"slide_type": "subslide"}
FOUR = (QUADRATIC, ROTATED_QUADRATIC, ROSENBROCK, SADDLE)
print(f"{'':>10}" + "".join(f"{s.name.replace('ill-conditioned ', ''):>22}" for s in FOUR))
table = {s.name: run_all(s, optim.OPTIMIZERS, s.lr, 0.9) for s in FOUR}
for name in optim.OPTIMIZERS:
    cells = []
    for s in FOUR:
        points, losses, diverged_at = table[s.name][name]
        cells.append(f"diverged at step {diverged_at}" if diverged_at else f"{losses[-1]:.2e}")
    print(f"{name:>10}" + "".join(f"{c:>22}" for c in cells))
print("(learning rates:", ", ".join(f"{s.name} {s.lr}" for s in FOUR) + ")")

# %% [markdown]
# **The rotated quadratic.** Its curvatures are the eigenvalues of its Hessian, the matrix of
# second derivatives; here they are measured from the gradient by finite differences, for both
# quadratics:

# %% slideshow={"slide_type": "subslide"}
hessian = optimizer_paths.hessian      # second derivatives by centred differences of the gradient
show(hessian)

for s in (QUADRATIC, ROTATED_QUADRATIC):
    H = hessian(s)
    print(f"{s.name:>26}: Hessian {np.round(H, 6).tolist()}, eigenvalues {np.round(np.linalg.eigvalsh(H), 6)}")
print(f"{'':>26}  (f = 1/2 p^T H p: the rotated one is {H[0, 0] / 2:.2f} x^2 {H[0, 1]:+.2f} xy + {H[1, 1] / 2:.2f} y^2)")
print(f"\n{'':>10}{'axis-aligned':>15}{'rotated':>12}{'rotated / aligned':>20}")
for name in optim.OPTIMIZERS:
    aligned, turned = (table[s.name][name][1][-1] for s in (QUADRATIC, ROTATED_QUADRATIC))
    print(f"{name:>10}{aligned:15.2e}{turned:12.2e}{turned / aligned:20.3g}")

# %% [markdown]
# SGD, Momentum and Nesterov give the same numbers on both: their steps are built from the
# gradient vector alone, so turning the surface (and the start) turns the whole path with it.
# AdaGrad, RMSprop and the four of the Adam family end further from the minimum on the rotated
# quadratic (ratios above 1; Adadelta hardly moves on either, for a reason the notes below give).
# On the axis-aligned quadratic, dividing each coordinate by its own gradient size rescales the
# two curvature directions separately, which is exactly what an ill-conditioned quadratic needs.
# Turned by 45°, each coordinate mixes both directions, and that advantage is lost: a
# per-coordinate step size helps only as far as the directions of high and low curvature line up
# with the parameters themselves.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Things to see, and to check with the sliders:
# - **One learning rate does not mean the same thing to everyone.** For SGD and momentum it
#   multiplies the gradient; for the adaptive methods it is roughly the length of a step in each
#   coordinate. On Rosenbrock at $\eta = 10^{-3}$ the adaptive methods have barely moved: try
#   $\eta \approx 0.05$ for them. Adadelta hardly moves at all: its step is built from its own
#   past steps, which start at $\sqrt{\epsilon} = 10^{-3}$, and PyTorch's $\eta$ multiplies that.
# - **Divergence has a threshold.** On the quadratic, SGD is stable while $\eta\lambda < 2$ for
#   the largest curvature $\lambda = 4$, so for $\eta < 0.5$. Momentum widens the range to
#   $\eta\lambda < 2(1 + \mu)$; Nesterov's is narrower, $\eta\lambda < 2(1+\mu)/(1+2\mu)$. The
#   cell below runs both sides of each threshold.

# %%
lam, mu = 4.0, 0.9
limits = {"SGD": 2 / lam, "Momentum": 2 * (1 + mu) / lam, "Nesterov": 2 * (1 + mu) / (1 + 2 * mu) / lam}
for name, limit in limits.items():
    runs = {factor: run_all(QUADRATIC, [name], limit * factor, mu, steps=400)[name] for factor in (0.95, 1.05)}
    said = {f: ("diverged at step %d" % r[2]) if r[2] else f"converging, f - f* = {r[1][-1]:.1e}" for f, r in runs.items()}
    print(f"{name:>9}: limit lr = {limit:.4f};  lr x 0.95: {said[0.95]};  lr x 1.05: {said[1.05]}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** on the quadratic whose largest curvature is $\lambda = 4$, what is the largest learning rate at which SGD still converges? And with momentum 0.9?
#
# *Answer.* SGD: $2/\lambda = 0.5$; at 1.05 times it diverges (at step 92). Momentum (PyTorch's form): $2(1 + \mu)/\lambda = 0.95$. Nesterov: 0.3393.

# %% [markdown]
# - **At the saddle**, the gradient across the ridge is tiny ($y = 0.001$), and plain SGD needs
#   many steps to roll off it: each step multiplies $y$ by about $1 + \eta$. The adaptive
#   methods divide by the size of the gradient, so they leave the ridge in a few steps.

# %% slideshow={"slide_type": "subslide"}
for name in ("SGD", "Momentum", "Adam", "RMSprop"):
    points, losses, _ = run_all(SADDLE, [name], SADDLE.lr, 0.9)[name]
    off = int(np.argmax(np.abs(points[:, 1]) > 0.5))
    print(f"{name:>9}: |y| passes 0.5 at step {off}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. The network of lesson 04, trained with each optimizer
#
# The same 2-4-1 network (tanh hidden layer, sigmoid output, cross-entropy), the same start
# (`seed=0`) and the same 400 points of the flower, full batch, 500 steps with each optimizer.
# Each gets a learning rate in its usual range: SGD the rate lesson 04 trained with; Momentum
# and Nesterov that rate times $1 - \mu$, the same "effective" rate $\eta/(1-\mu)$; the adaptive
# methods' around $10^{-2}$. The cell prints each one.

# %% slideshow={"slide_type": "subslide"}
X, labels = data.flower(m=400, seed=1)
Y = labels[None, :]
STEPS, LESSON_04_LR, MU = 500, 1.2, 0.9
LRS = {"SGD": LESSON_04_LR, "Momentum": LESSON_04_LR * (1 - MU), "Nesterov": LESSON_04_LR * (1 - MU),
       "AdaGrad": 0.1, "RMSprop": 0.01, "Adadelta": 1.0, "Adam": 0.01, "AdaMax": 0.02, "Nadam": 0.01,
       "AMSGrad": 0.01}
print("learning rates:", ", ".join(f"{name} {lr:g}" for name, lr in LRS.items()))
print(f"effective rate lr / (1 - mu) of Momentum and Nesterov: {LRS['Momentum'] / (1 - MU):g}")
curves, accuracies = {}, {}
with tqdm(total=STEPS * len(LRS), desc="training") as bar:
    for name, lr in LRS.items():
        net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
        bar.set_postfix_str(name)
        opt = optim.make(name, lr=lr, momentum=MU) if name in ("Momentum", "Nesterov") else optim.make(name, lr=lr)
        curves[name] = optim.train(net, opt, X, Y, STEPS, progress=bar)
        accuracies[name] = training.accuracy(net, X, labels)

fig, axes = plt.subplots(2, 5, figsize=(6.6, 3.7), sharex=True, sharey=True)
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
for ax, (name, losses) in zip(axes.flat, curves.items()):
    for other in curves.values():
        ax.plot(other, color="0.85", lw=0.8)
    ax.plot(losses, color=optimizer_paths.COLORS[name], lw=2)
    ax.set_title(f"{name} (lr {LRS[name]:g})\nloss {losses[-1]:.3f}, accuracy {accuracies[name]:.0%}", fontsize=8)
for ax in axes[1]:
    ax.set_xlabel("step")
for ax in axes[:, 0]:
    ax.set_ylabel("loss $J$")
fig.tight_layout()
for name, losses in curves.items():
    print(f"{name:>9}: loss {losses[0]:.4f} -> {losses[100]:.4f} at step 100 -> {losses[-1]:.4f}, "
          f"accuracy {accuracies[name]:.1%}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# On this small problem all ten end at about the same accuracy; they differ in how fast the
# loss falls, and the comparison depends on the learning rates chosen. Change `LRS` and run the
# cell again to see how sensitive each one is.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Where Adam fails: Reddi et al.'s online problem
#
# Reddi, Kale and Kumar (2018) built a problem on which Adam provably converges to the
# **worst** point. At each step $t$ the loss is linear in one parameter $x \in [-1, 1]$:
#
# $$f_t(x) = \begin{cases} C x & t \bmod 3 = 1 \\ -x & \text{otherwise} \end{cases} \qquad C = 3.$$
#
# Over any three steps the gradients add up to $C - 2 = 1 > 0$, so the best fixed $x$ is $-1$.
# Their theorem takes $\beta_1 = 0$, $\beta_2 = 1/(1 + C^2)$ and steps $\eta_t = \alpha/\sqrt{t}$ with
# any $\alpha < \sqrt{1 - \beta_2}$; we take $\alpha = 0.5$, which satisfies it (the cell prints
# both), and clip $x$ back into $[-1, 1]$ after each step. Adam's $v$ forgets the rare large
# gradient $C$ within a step or two. So the large gradient gives a step down hardly bigger than
# each of the two small gradients' steps up, and two steps up beat one step down: $x$ climbs to
# $+1$. AMSGrad's $v_{\max}$ keeps the largest $v$ it has seen, the one right after a gradient
# $C$: a large fraction of $C^2$ (the cell prints it). That keeps the small gradients' steps
# small, and $x$ goes to $-1$.

# %% slideshow={"slide_type": "subslide"}
b1, b2 = online_problem.betas()
ALPHA = 0.5
print(f"beta1 = {b1}, beta2 = 1/(1 + C^2) = {b2:.4g};  alpha = {ALPHA} < sqrt(1 - beta2) = {np.sqrt(1 - b2):.4f}: "
      f"{ALPHA < np.sqrt(1 - b2)}")
optimizers = {"Adam": optim.Adam(betas=(b1, b2)), "AMSGrad": optim.AMSGrad(betas=(b1, b2))}
runs = {name: online_problem.run(opt, steps=3000, alpha=ALPHA) for name, opt in optimizers.items()}
v_max = optimizers["AMSGrad"].state[0].v_max.item()
print(f"AMSGrad's v_max after 3000 steps: {v_max:.4f} = {v_max / online_problem.C ** 2:.3f} C^2")
fig, (ax_x, ax_r) = plt.subplots(1, 2, figsize=(6.6, 2.7))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
for name, (xs, regret) in runs.items():
    ax_x.plot(xs, label=name)
    ax_r.plot(np.arange(1, len(regret) + 1), regret, label=name)
    print(f"{name:>8}: x after 3000 steps = {xs[-1]:+.4f}, average regret R_t/t = {regret[-1]:.4f}")
ax_x.set(xlabel="step $t$", ylabel="$x_t$", title="the point played (best: $x = -1$)")
ax_r.set(xlabel="step $t$", ylabel="$R_t / t$", xscale="log", title="average regret")
ax_x.legend()
fig.tight_layout()
print(f"Adam's average regret tends to 2(C - 2)/3 = {2 * (online_problem.C - 2) / 3:.4f}: "
      "it plays x = +1 where x = -1 was best.")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 7): on Reddi et al.'s online problem, where do Adam and AMSGrad end after 3000 steps?
#
# *Answer.* Adam at $x = +1.0000$ (average regret 0.6725), the worst point; AMSGrad at $x = -0.9936$ (average regret 0.0126), near the best.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"Adam is always the best optimizer."* Section 6: on lesson 04's network all ten end near 93 % accuracy; section 7: Adam can fail where AMSGrad does not.
# - *"The same learning rate means the same step."* Section 5: SGD and Momentum multiply the gradient, the adaptive methods divide it by its own size; PyTorch's Momentum has the effective rate lr/(1 − μ).
# - *"Adaptive methods work the same in any coordinates."* Section 5's rotated quadratic: SGD, Momentum and Nesterov give identical numbers, AdaGrad and RMSprop do not.
# - *"Two ways of writing a method always give the same path."* Section 4: under a schedule the two Nesterov forms are no longer the same, while the two momentum forms stay equal.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - Every optimizer here is SGD plus one or two ideas: **a velocity** (Momentum, Nesterov) and
#   **a per-coordinate step size** from the gradients' size (AdaGrad, RMSprop, Adadelta); Adam
#   and its variants combine them, with a bias correction for averages that start at zero.
# - The same method can be written in several ways: check which before comparing numbers. The
#   moving-average momentum of Ng's course is PyTorch's momentum with $\eta$ scaled by $1 - \beta$,
#   with or without a learning-rate schedule; PyTorch's Nesterov is Sutskever et al.'s look-ahead
#   method seen from the projected point at a constant learning rate, and drifts from it under a
#   schedule.
# - A per-coordinate step size pays off when the directions of high and low curvature line up
#   with the parameters; on the same quadratic turned by 45° that advantage is gone.
# - A learning rate past a threshold set by the curvature makes training diverge; momentum
#   moves the threshold, and adaptive methods make the step size nearly independent of the
#   gradient's size.
# - Adaptive methods can fail: Adam converges to the worst point of Reddi et al.'s problem,
#   AMSGrad does not.
