# %% [markdown] slideshow={"slide_type": "slide"}
# # 07 · Training well, on real handwritten digits
# > real handwritten digits: overfitting seen and measured, weight decay, dropout, early stopping, shifted digits, initialization layer by layer, learning-rate schedules beside adaptive optimizers, and one test accuracy at the end
#
# Every data set so far was made up. Here the network of lesson 04 meets real handwriting: 1,797
# digits written by 13 people on a form, scanned and reduced to 8×8 pixels (the test part of the
# UCI "Optical Recognition of Handwritten Digits" data set, Alpaydin & Kaynak 1998, as
# scikit-learn ships it). The file comes with `backprop_lab`, so nothing is downloaded.
#
# A network can learn its training examples by heart and still fail on new ones. This lesson
# shows that happen, measures it, and answers the question the earlier lessons left open, how
# to prevent it: weight decay (the $\lambda$ of the UFLDL tutorial), dropout, early stopping
# and more data. Then it asks how to start a deep network so that a signal survives its layers, and how
# to change the learning rate while training. It ends with one model, chosen on validation
# data, scored once on test data it has never seen.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - keep training, validation and test sets apart, and say what each is for;
# - recognise overfitting in the training and validation curves;
# - explain weight decay ($\lambda W$ in the gradient), dropout (scaled masks, the same mask in the backward pass) and early stopping;
# - choose an initialization scale for tanh (Glorot) and ReLU (He) from the spread of the activations;
# - compare learning-rate schedules with adaptive optimizers, and evaluate the chosen model on the test set once.
#
# **Plan for a 45-minute class.**
# - 0–10 min: sections 1 and 2 (the digits, three sets, overfitting seen). Pause for the overfitting question.
# - 10–20 min: section 3, the weight-decay slider.
# - 20–30 min: section 4, dropout (the ideas; the exercises as homework).
# - 30–40 min: section 7, initialization with the weight-scale slider.
# - 40–45 min: section 9, the one test.
#
# **Plan for a 90-minute class.**
# - 0–15 min: sections 1 and 2.
# - 15–30 min: section 3.
# - 30–55 min: section 4 with both dropout exercises; pause at the gradient check with a new mask.
# - 55–65 min: sections 5 and 6 (early stopping, shifted digits).
# - 65–80 min: sections 7 and 8 (initialization, schedules).
# - 80–90 min: section 9: the test set, the confusion matrix, the misclassified digits.

# %% slideshow={"slide_type": "subslide"}
# %matplotlib widget
import inspect

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import Code, display

from backprop_lab import MLP, data, gradcheck, optim
from backprop_lab.checks import generalize as check
from backprop_lab.fit import confusion_matrix, evaluate, fit, one_hot, stopping_epoch
from backprop_lab.mlp import dropout_mask, softmax
from backprop_lab.optim import schedule
from backprop_lab.widgets.initialization import SCALES, initialization_explorer, scale_label
from backprop_lab.widgets.regularization import Run, gap, regularization_explorer, summary, train_each


def show(code_object):
    """Display the package's own source of a function."""
    display(Code(inspect.getsource(code_object), language="python"))


# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The digits, and three sets that never mix
#
# `data.digits()` gives the pixels in the series' layout, one column per example, and the labels:

# %% slideshow={"slide_type": "subslide"}
pixels, labels = data.digits()
print("pixels:", pixels.shape, pixels.dtype, f"values {pixels.min():g} to {pixels.max():g};",
      "labels:", labels.shape, "counts per digit:", np.bincount(labels))
X_all = pixels / 16                              # inputs in [0, 1]

fig, axes = plt.subplots(4, 10, figsize=(6.6, 3.1))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
for digit in range(10):
    for row, i in enumerate(np.flatnonzero(labels == digit)[:4]):
        axes[row, digit].imshow(pixels[:, i].reshape(8, 8), cmap="gray_r")
        axes[row, digit].set_axis_off()
    axes[0, digit].set_title(str(digit))
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# The examples are shuffled once, with a fixed seed, and cut into three sets:
#
# - a **training** set, the only data the network learns from;
# - a **validation** set, to compare settings and decide when to stop;
# - a **test** set, touched once, at the very end. A test set used to choose anything is no
#   longer a fair estimate of how the network does on new data.
#
# All three hold digits by the same 13 writers, so the test set measures how the network reads
# new digits by familiar hands; a new writer would be a harder test.
#
# To make overfitting easy to see, sections 2 to 6 train on the first 300 training examples only.

# %%
train, val, test = data.split(X_all.shape[1], [1000, 397, 400], seed=0)
X_train, y_train = X_all[:, train], labels[train]
X_val, y_val = X_all[:, val], labels[val]
X_test, y_test = X_all[:, test], labels[test]
SMALL = 300
X_small, y_small = X_train[:, :SMALL], y_train[:SMALL]
print(f"training {X_train.shape[1]} (the first {SMALL} for sections 2 to 6), "
      f"validation {X_val.shape[1]}, test {X_test.shape[1]}: {X_all.shape[1]} in all")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Overfitting, seen
#
# Lesson 04's network with more units: 64 inputs, 100 ReLU hidden units, a softmax over the 10
# digits, the cross-entropy loss. That is 7,510 parameters for 300 examples. It trains in
# minibatches of 50 (one **epoch** is one pass over the training set) with momentum
# (lesson 05). After each epoch we measure the loss and the accuracy on the training set and on
# the validation set. `fit` does it, with a progress bar:

# %% slideshow={"slide_type": "subslide"}
EPOCHS, BATCH, LR = 150, 50, 0.05


def small_network(weight_decay=0.0, dropout=0.0):
    """The network of sections 2 to 6, and its optimizer."""
    net = MLP([64, 100, 10], hidden="relu", output="softmax", loss="ce",
              weight_decay=weight_decay, dropout=dropout, seed=0)
    return net, optim.Momentum(lr=LR, momentum=0.9)


net, optimizer = small_network()
print("parameters:", sum(p.size for p in net.params))
baseline = fit(net, optimizer, X_small, y_small, X_val, y_val, EPOCHS, BATCH, progress=True)
baseline_W1 = net.params[0].copy()
print(summary("no regularization", baseline))


def plot_curves(ax, history, name, color, examples_per_epoch=None):
    epochs = np.arange(len(history.val_loss))
    x = epochs if examples_per_epoch is None else epochs * examples_per_epoch
    ax.plot(x, history.train_loss, "-", color=color, lw=1, label=f"{name}: training")
    ax.plot(x, history.val_loss, "--", color=color, lw=1.5, label=f"{name}: validation")


fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(6.6, 2.7))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
plot_curves(ax_loss, baseline, "", "C0")
ax_loss.set(yscale="log", xlabel="epoch", ylabel="cross-entropy", title="loss")
ax_loss.legend(["training", "validation"], fontsize=8)
ax_acc.plot(baseline.train_acc, "C0-", label="training")
ax_acc.plot(baseline.val_acc, "C1--", label="validation")
ax_acc.set(ylim=(0.8, 1.005), xlabel="epoch", ylabel="accuracy", title="accuracy")
ax_acc.legend(fontsize=8)
fig.tight_layout()

# %% slideshow={"slide_type": "subslide"}
first_perfect = int(np.argmax(np.array(baseline.train_acc) == 1.0))
print(f"training accuracy reaches 100% at epoch {first_perfect}; validation accuracy is then "
      f"{baseline.val_acc[first_perfect]:.1%} and {baseline.val_acc[-1]:.1%} at epoch {EPOCHS}")
print(f"the gap, training minus validation accuracy, at the end: {gap(baseline):.1f} percentage points")
print(f"validation loss: lowest {min(baseline.val_loss):.3f} at epoch {baseline.best_epoch}, "
      f"{baseline.val_loss[-1]:.3f} at the end ({baseline.val_loss[-1] / min(baseline.val_loss) - 1:+.0%}); "
      f"training loss at the end {baseline.train_loss[-1]:.4f}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 2): with no regularization, when does training accuracy reach 100 %, and what happens to validation?
#
# *Answer.* At epoch 20, with validation at 93.2 %; at epoch 150 validation is 94.7 %, a gap of 5.3 points. The validation loss is lowest
# (0.195) at epoch 60 and ends at 0.203, while the training loss falls to 0.0047.

# %% [markdown]
# This is **overfitting**: the training loss keeps falling towards zero while the validation
# loss stops falling and turns back up. The network keeps growing more confident on the 300
# examples it has, including where that confidence does not carry over to new handwriting. The
# **generalization gap**, the difference between training and validation accuracy, measures how
# much of what it learned was particular to the training set.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. Weight decay
#
# Weight decay (Krogh & Hertz 1992; the $\lambda$ of the UFLDL tutorial) adds
# $\frac{\lambda}{2}\sum_l \lVert W^{[l]} \rVert^2$ to the loss, over the weights and not the
# biases. Lesson 03 derived its gradient: each weight gets an extra $\lambda W$. Once more, by
# SymPy, and in `MLP`'s gradient:

# %%
w, lam = sp.symbols("w lambda")
print("d/dw (lambda/2 w^2) =", sp.diff(lam / 2 * w ** 2, w))
decayed, _ = small_network(weight_decay=0.01)
plain, _ = small_network()
Y_small = one_hot(y_small, 10)
difference = decayed.loss_and_grads(X_small, Y_small)[1][0] - plain.loss_and_grads(X_small, Y_small)[1][0]
print("MLP: dW1 with lambda = 0.01, minus dW1 without, equals 0.01 * W1:",
      np.allclose(difference, 0.01 * plain.params[0], rtol=0, atol=1e-15))

# %% [markdown]
# So a step of plain gradient descent, $W \leftarrow W - \eta(\partial J_{data}/\partial W + \lambda W)$,
# shrinks every weight by the factor $1 - \eta\lambda$ before the gradient of the data moves it
# (with momentum the shrinking accumulates in the velocity, to the same effect): a weight that
# the data does not keep pushing on fades away. The network below is
# trained once for each $\lambda$ on the slider (a few seconds in all, done now so the slider
# answers at once). On the right, 16 hidden units' incoming weights, drawn as the 8×8 image they
# multiply (red positive, blue negative, each unit on its own scale).

# %% slideshow={"slide_type": "subslide"}
LAMBDAS = (0.0, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
decay_runs = {0.0: Run(baseline, baseline_W1)}      # λ = 0: the network of section 2
decay_runs.update(train_each(LAMBDAS[1:], lambda lam: small_network(weight_decay=lam),
                             X_small, y_small, X_val, y_val, EPOCHS, BATCH, desc="weight decay"))
regularization_explorer(decay_runs, "λ", "weight decay λ")

# %% slideshow={"slide_type": "subslide"}
for lam, run in decay_runs.items():
    print(summary(f"λ = {lam:<6g}", run.history))

inked = np.mean(X_small > 0, axis=1)                   # per pixel: the share of images that ink it
rare = np.flatnonzero(inked < 0.05)
start = small_network()[0].params[0]
print(f"{len(rare)} of the 64 pixels are inked in fewer than 5% of the training images "
      f"({np.sum(inked == 0)} in none). Mean |weight| on them:")
print(f"  at the start {np.abs(start[:, rare]).mean():.3f}; after training "
      + ", ".join(f"λ = {lam:g}: {np.abs(run.weights[:, rare]).mean():.3f}" for lam, run in decay_runs.items()))
print(f"  on the other pixels, after training: "
      + ", ".join(f"λ = {lam:g}: {np.abs(np.delete(run.weights, rare, axis=1)).mean():.3f}" for lam, run in decay_runs.items()))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Without decay, a weight on a pixel that the training digits rarely or never ink keeps about
# its random starting value: the data hardly ever pushes on it, and the images show such weights
# as a noisy frame around the strokes. With decay, nothing holds them up and they fade (the lines
# above measure it), while the weights on the strokes, which the data keeps pushing on, shrink
# far less. Too much decay, and the network can no longer fit its
# training set: training accuracy drops and both losses rise. Read the table: which $\lambda$
# gives the lowest validation loss, and how much does it gain over none?

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Dropout
#
# Dropout (Srivastava et al. 2014) switches off each hidden unit at random, with probability
# $p$, in every training step: a new random mask for every minibatch. No unit can rely on a
# particular other unit being there, so none learns to correct another's private mistakes.
# In the **inverted** form used by every current library, the units that survive are scaled by
# $1/(1-p)$ during training, so that each activation keeps its expected value,
# $\mathbb E[a \cdot \text{mask}] = a\,(1-p)\,\frac{1}{1-p} = a$. At test time nothing is
# dropped and nothing is scaled: the network is used as it is.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: dropout forward
#
# Write `dropout_forward(A, p, rng, training=True)`. In training, draw a mask with one entry per
# entry of `A` from the generator `rng` (keep a unit where `rng.random(A.shape) >= p`), with
# $1/(1-p)$ for a kept unit and 0 for a dropped one, and return `(A * mask, mask)`. With
# `training=False`, return `(A, np.ones_like(A))`.

# %%
def dropout_forward(A, p, rng, training=True):
    ### BEGIN SOLUTION
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) >= p) / (1 - p)
    return A * mask, mask
    ### END SOLUTION

# %%
dropout_forward_used = check.dropout_forward(dropout_forward)

# %% [markdown]
# The cells below use `dropout_forward_used`: yours once it passes, the reference until then.
# Over many masks, the average of the dropped activations is the activation itself, and at test
# time nothing changes:

# %% slideshow={"slide_type": "subslide"}
W1, b1 = small_network()[0].params[:2]
A_hidden = np.maximum(W1 @ X_small + b1, 0)          # the ReLU hidden layer of section 2, at the start
rng = np.random.default_rng(0)
p = 0.5
average = np.mean([dropout_forward_used(A_hidden, p, rng)[0] for _ in range(400)], axis=0)
one_out, one_mask = dropout_forward_used(A_hidden, p, rng)
print(f"p = {p}: one mask keeps {np.mean(one_mask > 0):.1%} of the units, "
      f"scaled by {one_mask.max():g}")
print(f"mean activation {A_hidden.mean():.4f}; averaged over 400 masks {average.mean():.4f}; "
      f"largest difference of one entry {np.abs(average - A_hidden).max():.3f} (it shrinks like 1/sqrt(400))")
print("test time, training=False: output equals A:",
      np.array_equal(dropout_forward_used(A_hidden, p, rng, training=False)[0], A_hidden))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: backward with dropout
#
# A dropped unit passed nothing forward, so no gradient flows back through it; a kept one passed
# $a/(1-p)$, so its gradient is scaled the same way. In matrices, with $D^{[1]} = A^{[1]} \odot M$
# the dropped activations and $M$ the mask of the forward pass:
#
# $$Z^{[2]} = W^{[2]} D^{[1]} + b^{[2]}, \qquad dW^{[2]} = dZ^{[2]} D^{[1]T}, \qquad dZ^{[1]} = \big(W^{[2]T} dZ^{[2]}\big) \odot M \odot \tanh'(Z^{[1]}).$$
#
# Write `grads_with_dropout(X, Y, params, p, rng)` for a network with a tanh hidden layer, a
# softmax output and the cross-entropy averaged over the $m$ examples (so, as in lesson 04,
# $dZ^{[2]} = (A^{[2]} - Y)/m$). Draw the mask **once** with the package's
# `dropout_mask(A1.shape, p, rng)` and return `(dW1, db1, dW2, db2)`. The softmax is the
# package's `softmax`, imported at the top.

# %% slideshow={"slide_type": "subslide"}
def grads_with_dropout(X, Y, params, p, rng):
    W1, b1, W2, b2 = params
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    ### BEGIN SOLUTION
    mask = dropout_mask(A1.shape, p, rng)
    D1 = A1 * mask
    A2 = softmax(W2 @ D1 + b2)
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ D1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * mask * (1 - A1 ** 2)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2
    ### END SOLUTION

# %%
grads_with_dropout_used = check.grads_with_dropout(grads_with_dropout)

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Gradient checking with dropout.** The loss now depends on a random mask: two evaluations
# with different masks are two different functions, and centred differences between them mean
# nothing. The fix is to draw the same mask every time: a generator in the same state gives the
# same mask. `MLP(..., dropout=p)` draws its masks in `loss_and_grads(X, Y, rng=...)`, so the
# loss below is evaluated with `rng = np.random.default_rng(7)` every time, and so is
# `grads_with_dropout_used` (the cells below use it: yours once it passes, the reference until then).

# %%
check_net = MLP([64, 16, 10], hidden="tanh", output="softmax", loss="ce", dropout=0.5, seed=1)
Xg, Yg = X_small[:, :20], one_hot(y_small[:20], 10)
fixed_mask_loss = lambda: check_net.loss_and_grads(Xg, Yg, rng=np.random.default_rng(7))[0]  # noqa: E731
yours = grads_with_dropout_used(Xg, Yg, tuple(check_net.params), 0.5, np.random.default_rng(7))
error, _ = gradcheck.check_gradients(fixed_mask_loss, check_net.params, yours)
print(f"grads_with_dropout_used against centred differences, same mask every time: relative error {error:.1e}")
fresh_rng = np.random.default_rng(7)
fresh_mask_loss = lambda: check_net.loss_and_grads(Xg, Yg, rng=fresh_rng)[0]  # noqa: E731
error, _ = gradcheck.check_gradients(fresh_mask_loss, check_net.params, yours)
print(f"the same check with a new mask at every evaluation:                relative error {error:.1e}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 4): the gradient check of a network with dropout, once with the same mask at every evaluation and once with a new mask each time. What do you expect?
#
# *Answer.* Same mask: relative error $2.0 \times 10^{-10}$, the backward pass is right. New mask each time: $1.0$, because the loss itself changes between evaluations; it says nothing about the backward pass.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"Tune on the test set."* Sections 1 and 9: choices are made on validation; the test set is evaluated once, at the end (97.5 %, 390 of 400).
# - *"More weight decay is always better."* Section 3's table: validation stays between 94.5 % and 95.0 % up to λ = 0.01 and falls to 92.4 % at λ = 0.03.
# - *"Dropout is applied at test time too."* Section 4: at test time the activations pass unchanged; the $1/(1 - p)$ scaling in training keeps their mean.
# - *"Glorot's scale is right for every activation."* Section 7: with ReLU it vanishes (the last layer's spread 5 % of the first's); He's $\sqrt 2$ keeps it alive.

# %% [markdown]
# `MLP` does the same for any number of hidden layers: `forward_pass` multiplies each hidden
# layer's activations by its mask, and `backward` multiplies the gradient by the same mask on
# the way back. Its `loss_and_grads`, shown from the package:

# %% slideshow={"slide_type": "subslide"}
show(MLP.loss_and_grads)

# %% [markdown]
# The network of section 2, trained once for each $p$ on the slider:

# %% slideshow={"slide_type": "subslide"}
PS = (0.0, 0.15, 0.3, 0.45, 0.6)
dropout_runs = {0.0: decay_runs[0.0]}                    # p = 0: the network of section 2
dropout_runs.update(train_each(PS[1:], lambda p: small_network(dropout=p),
                               X_small, y_small, X_val, y_val, EPOCHS, BATCH, desc="dropout"))
regularization_explorer(dropout_runs, "p", "dropout p")

# %% slideshow={"slide_type": "subslide"}
for p, run in dropout_runs.items():
    print(summary(f"p = {p:<3g}", run.history))

# %% [markdown]
# The curves are measured without dropout (as the network is tested), so they are comparable
# across $p$. What dropout buys shows in the validation loss and accuracy, printed above for
# each $p$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Early stopping
#
# The simplest remedy of all: watch the validation loss and stop when it has not improved for
# a while (Prechelt 1998, "Early stopping, but when?"), keeping the parameters of the best epoch.
# The waiting time is the **patience**. On the curves of section 2:

# %% slideshow={"slide_type": "subslide"}
PATIENCE = 10
stop = stopping_epoch(baseline.val_loss, PATIENCE)
print(f"with patience {PATIENCE}, training stops at epoch {stop} of {EPOCHS} "
      f"({stop / EPOCHS:.0%} of the work) and keeps the parameters of epoch {baseline.best_epoch}")
print(f"  at epoch {baseline.best_epoch}: validation loss {baseline.val_loss[baseline.best_epoch]:.3f}, "
      f"accuracy {baseline.val_acc[baseline.best_epoch]:.1%}")
print(f"  at epoch {EPOCHS} (no stopping): validation loss {baseline.val_loss[-1]:.3f}, "
      f"accuracy {baseline.val_acc[-1]:.1%}")

fig, ax = plt.subplots(figsize=(6.6, 2.4))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
ax.plot(baseline.train_loss, "C0-", lw=1, label="training")
ax.plot(baseline.val_loss, "C1--", label="validation")
ax.axvline(baseline.best_epoch, color="k", lw=0.8, ls=":")
ax.axvspan(baseline.best_epoch, stop, color="C2", alpha=0.2, label=f"patience: {PATIENCE} epochs")
ax.plot(baseline.best_epoch, baseline.val_loss[baseline.best_epoch], "o", color="C1", mec="k",
        label="kept: lowest validation loss")
ax.set(yscale="log", xlabel="epoch", ylabel="cross-entropy")
ax.legend(fontsize=8, loc="lower left")
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# Early stopping costs nothing but a validation set. Here it buys mostly time: it stops long
# before the last epoch and keeps a validation loss a little below the last epoch's, while the
# accuracy moves by a few digits either way (compare the two lines above). It buys more when the
# validation loss climbs steeply. Its catch:
# the validation set now chose something (the epoch), so its loss is slightly optimistic; one
# more reason why the test set stays untouched.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. More data: shifted digits
#
# The best regularizer is more data. When there is none, we can make plausible new examples:
# a digit moved by one pixel is still the same digit. `data.shifted_copies` adds four copies of
# each training image, moved one pixel left, right, up and down, so 300 examples become 1,500.
# To compare like with like, the network trains for a fifth of the epochs: the same number of
# steps.

# %% slideshow={"slide_type": "subslide"}
X_more, y_more = data.shifted_copies(X_small, y_small)
net, optimizer = small_network()
augmented = fit(net, optimizer, X_more, y_more, X_val, y_val, EPOCHS // 5, BATCH)
print(f"{X_more.shape[1]} training examples")
print(summary("shifted copies", augmented))
print(summary("originals only", baseline))

fig = plt.figure(figsize=(6.6, 2.5), layout="constrained")
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
left, right = fig.subfigures(1, 2, width_ratios=[1, 2])
for ax, k, name in zip(left.subplots(1, 5), range(5), ["original", "right", "left", "down", "up"]):
    ax.imshow(X_more[:, k * SMALL].reshape(8, 8), cmap="gray_r")
    ax.set_title(name, fontsize=8)
    ax.set_axis_off()
ax = right.subplots()
ax.plot(np.arange(len(baseline.val_loss)) * SMALL, baseline.val_loss, "C1--", label="validation, originals")
ax.plot(np.arange(len(augmented.val_loss)) * 5 * SMALL, augmented.val_loss, "C2--", label="validation, with shifted copies")
ax.plot(np.arange(len(augmented.train_loss)) * 5 * SMALL, augmented.train_loss, "C2-", lw=1, label="training, with shifted copies")
ax.set(yscale="log", xlabel="examples seen", ylabel="cross-entropy")
legend = ax.legend(fontsize=7)

# %% [markdown] slideshow={"slide_type": "subslide"}
# With the shifted copies the validation loss falls lower than with the originals alone, for the
# same number of steps (the two summary lines above), although not one new digit was written.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Initialization, layer by layer
#
# Lesson 04 showed why the weights start random: from zeros every hidden unit stays a copy of
# the others. *How large* they start matters as much, and more the deeper the network. Each unit
# sums $n$ inputs; if each weight has variance $\sigma^2$, the sum's variance is about
# $n\sigma^2$ times the inputs'. Glorot & Bengio (2010) chose $\sigma^2 = 1/n$ so that the
# variance neither shrinks nor grows from layer to layer (their $2/(n_{in} + n_{out})$ also keeps
# the gradients' variance steady on the way back; the two agree when the widths are equal). A
# ReLU zeroes half of its inputs, halving the mean square: He et al. (2015) doubled the
# variance, $\sigma^2 = 2/n$, for a layer whose input comes from a ReLU. (`MLP` does that for
# every layer after the first; the first layer's input is the data, not a ReLU's output.)
#
# Below, a network of 10 layers of 100 units, at initialization, before any training, fed the
# digits (each pixel standardized). Its weights are $s \cdot \mathcal N(0, 1)/\sqrt{n}$: the
# slider sets the scale $s$; $s = 1$ is Glorot's choice, $s = \sqrt 2$ is He's. Each small
# histogram is one layer's activations; below them, their spread (standard deviation) layer by
# layer. Try both activations: too small and the signal vanishes, too large and tanh saturates
# (its units pinned at ±1, where its derivative is nearly 0) while ReLU's activations explode.

# %% slideshow={"slide_type": "subslide"}
spread = X_all.std(axis=1, keepdims=True)
X_standard = (X_all - X_all.mean(axis=1, keepdims=True)) / np.where(spread > 0, spread, 1)
initialization = initialization_explorer(X_standard[:, :500])
initialization

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 7, before moving the weight scale): a 10-layer ReLU network started with Glorot's scale (1): do the activations keep their spread?
#
# *Answer.* No: "vanishing", the last layer's spread is 5 % of the first's; with He's $\sqrt 2$ it stays between 0.76 and 0.99 of it.

# %% slideshow={"slide_type": "subslide"}
explorer = initialization.explorer
for activation in ("tanh", "ReLU"):
    verdicts = []
    for s in SCALES:
        explorer.update(scale=s, activation=activation)
        verdicts.append(f"{scale_label(s)}: {explorer.text.split(': ')[1]}")
    print(f"{activation:>4}  " + ", ".join(verdicts))
for activation, s in [("tanh", 0.85), ("tanh", 1.0), ("tanh", 3.0), ("ReLU", 1.0), ("ReLU", np.sqrt(2)), ("ReLU", 3.0)]:
    explorer.update(scale=s, activation=activation)
    print(explorer.text)
explorer.update(scale=1.0, activation="tanh")           # back to where the sliders stand

# %% [markdown] slideshow={"slide_type": "subslide"}
# The products of ten layers turn a factor a little off 1 into a large one: $s = 0.85$ for tanh
# already loses most of the spread by layer 10. Glorot's scale keeps tanh alive; with ReLU it
# halves the mean square at each layer, and of the slider's scales only He's $\sqrt 2$ keeps the
# spread within a factor of 3 over the ten layers. Gradients on
# the way back obey the same arithmetic, so a badly initialized deep network learns slowly or
# not at all.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. Learning-rate schedules, and adaptive optimizers
#
# Two different ideas both "change the learning rate", and the difference is worth saying
# plainly. A **schedule** changes $\eta$ over **time**, the same for every weight: large steps
# early to make progress, small steps late to settle. An **adaptive method** (AdaGrad, RMSprop,
# Adam, lesson 05) changes the step **per weight**, from that weight's own gradients. They
# combine: a schedule can set Adam's $\eta$ too. `optim.schedule` gives the four common ones,
# with the arguments and numbers of `torch.optim.lr_scheduler`. Cosine annealing is from
# Loshchilov & Hutter's SGDR (2017); `LinearLR` is used for a warm-up.

# %% slideshow={"slide_type": "subslide"}
SCHEDULE_EPOCHS = 20


def schedules(eta0):
    """The four schedules from the rate eta0, and a constant rate (None: the optimizer's own)."""
    return {"constant": None,
            "StepLR": schedule("StepLR", eta0, step_size=7),
            "ExponentialLR": schedule("ExponentialLR", eta0, gamma=0.85),
            "CosineAnnealingLR": schedule("CosineAnnealingLR", eta0, T_max=SCHEDULE_EPOCHS),
            "LinearLR warm-up": schedule("LinearLR", eta0, start_factor=0.1, total_iters=5)}


for name, eta in schedules(1.0).items():
    print(f"{name:>18}: {eta!r}" if eta else f"{name:>18}: eta = eta0 throughout")

# %% [markdown]
# Each trains the network of section 2 with plain SGD (no momentum, so the schedule alone sets
# the step) on the whole training set of 1,000 examples for 20 epochs, from two starting rates
# $\eta_0$: 1, about the largest at which constant SGD trains well here, and 2, beyond it.
# Beside them, lesson 05's adaptive methods at their usual rates, Adam also with the cosine
# schedule.

# %% slideshow={"slide_type": "subslide"}
runs, nets = {}, {}
for eta0 in (1.0, 2.0):
    for name, eta in schedules(eta0).items():
        net, _ = nets[f"SGD η0 = {eta0:g}, {name}"] = small_network()
        runs[f"SGD η0 = {eta0:g}, {name}"] = fit(net, optim.SGD(lr=eta0), X_train, y_train, X_val, y_val,
                                                 SCHEDULE_EPOCHS, BATCH, schedule=eta)
for name, make, eta in [("Adam η = 0.003", lambda: optim.Adam(lr=3e-3), None),
                        ("Adam η0 = 0.003, CosineAnnealingLR", lambda: optim.Adam(lr=3e-3),
                         schedule("CosineAnnealingLR", 3e-3, T_max=SCHEDULE_EPOCHS)),
                        ("RMSprop η = 0.001", lambda: optim.RMSprop(lr=1e-3), None)]:
    net, _ = small_network()
    runs[name] = fit(net, make(), X_train, y_train, X_val, y_val, SCHEDULE_EPOCHS, BATCH, schedule=eta)

fig, (ax_eta, ax_val) = plt.subplots(1, 2, figsize=(6.6, 2.9))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
t = np.arange(SCHEDULE_EPOCHS)
for k, (name, eta) in enumerate(schedules(1.0).items()):
    ax_eta.plot(t, [eta(i) if eta else 1.0 for i in t], color=f"C{k}", label=name)
    ax_val.plot(runs[f"SGD η0 = 1, {name}"].val_loss, color=f"C{k}", label=f"SGD, {name}")
for k, name in enumerate(["Adam η = 0.003", "Adam η0 = 0.003, CosineAnnealingLR", "RMSprop η = 0.001"], start=5):
    ax_val.plot(runs[name].val_loss, "--", color=f"C{k}", label=name)
ax_eta.set(xlabel="epoch", ylabel="learning rate η", title="the schedules, from η0 = 1")
ax_eta.legend(fontsize=7)
ax_val.set(yscale="log", xlabel="epoch", ylabel="validation cross-entropy", title="SGD from η0 = 1, and adaptive methods")
ax_val.legend(fontsize=6)
fig.tight_layout()

chance = np.log(10)            # the cross-entropy of guessing each digit with probability 1/10
print(f"{'':>36}  training loss  validation loss  validation accuracy")
for name, history in runs.items():
    failed = "   failed" if history.train_loss[-1] > chance / 2 else ""
    print(f"{name:>36}  {history.train_loss[-1]:13.4f}  {history.val_loss[-1]:15.3f}  {history.val_acc[-1]:19.1%}{failed}")
print(f"(chance: cross-entropy ln 10 = {chance:.3f}, accuracy 10%)")
failed_net = nets["SGD η0 = 2, constant"][0]
hidden = np.maximum(failed_net.params[0] @ X_train + failed_net.params[1], 0)
print(f"SGD η0 = 2, constant: {np.sum(hidden.max(axis=1) == 0)} of its {hidden.shape[0]} ReLU units "
      "output 0 for every training digit")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Read the table. From $\eta_0 = 2$, constant SGD fails: its ReLU units are knocked into the
# region where they output 0 for every digit, and the loss sits near chance. A schedule that
# lowers the rate fast enough (the exponential one) survives the same start; the warm-up, which
# starts low but climbs to the same rate, does not help here. From $\eta_0 = 1$, the constant rate
# is hard to beat in 20 epochs: the network is still learning when the decaying schedules have
# already made its steps small. A schedule pays off when training is long enough for the
# constant rate's noise to be what stops progress. The adaptive methods need no schedule to
# train well, and cut their own step per weight; a schedule on top changes all their steps alike.
#
# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9. The result: one model, one test
#
# Now everything together, on the whole training set: shifted copies of the 1,000 training
# digits, weight decay and dropout at the values that gave the lowest validation loss in
# sections 3 and 4, a cosine schedule, and early stopping's choice of epoch (the parameters of
# the epoch with the lowest validation loss). The cosine schedule is a common default, not a
# finding: section 8 found no schedule better than a constant rate in 20 epochs. Try
# `schedule=None` below and compare the validation accuracy, never the test's. Everything so far was chosen on the validation
# set; the test set has not been used once.

# %% slideshow={"slide_type": "subslide"}
best_lambda = min(decay_runs, key=lambda lam: min(decay_runs[lam].history.val_loss))
best_p = min(dropout_runs, key=lambda p: min(dropout_runs[p].history.val_loss))
print(f"chosen on validation: weight decay λ = {best_lambda:g}, dropout p = {best_p:g}")
FINAL_EPOCHS = 20
X_big, y_big = data.shifted_copies(X_train, y_train)
final = MLP([64, 128, 10], hidden="relu", output="softmax", loss="ce",
            weight_decay=best_lambda, dropout=best_p, seed=0)
history = fit(final, optim.Momentum(lr=LR, momentum=0.9), X_big, y_big, X_val, y_val, FINAL_EPOCHS, BATCH,
              schedule=schedule("CosineAnnealingLR", LR, T_max=FINAL_EPOCHS), restore_best=True, progress=True)
print(f"kept epoch {history.best_epoch} of {FINAL_EPOCHS}: validation accuracy "
      f"{history.val_acc[history.best_epoch]:.1%}, loss {history.val_loss[history.best_epoch]:.3f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# And now, once, the test set:

# %%
test_loss, test_accuracy = evaluate(final, X_test, y_test)
predicted = final.forward(X_test).argmax(axis=0)
print(f"TEST accuracy: {test_accuracy:.1%} ({np.sum(predicted == y_test)} of {len(y_test)} digits), "
      f"cross-entropy {test_loss:.3f}")

# %% slideshow={"slide_type": "subslide"}
C = confusion_matrix(y_test, predicted, 10)
wrong = np.flatnonzero(predicted != y_test)
fig = plt.figure(figsize=(6.6, 3.3), layout="constrained")
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
left, right = fig.subfigures(1, 2, width_ratios=[1, 1.1])
ax = left.subplots()
ax.imshow(C, cmap="Blues")
for i in range(10):
    for j in range(10):
        if C[i, j]:
            ax.text(j, i, C[i, j], ha="center", va="center", fontsize=7,
                    color="white" if C[i, j] > C.max() / 2 else "black")
ax.set(xticks=range(10), yticks=range(10), xlabel="predicted", ylabel="true digit",
       title="confusion matrix, test set")
shown = wrong[:12]
right.suptitle(f"the {len(wrong)} misclassified test digits" + (f" (first {len(shown)})" if len(wrong) > len(shown) else ""),
               fontsize=9)
for ax, i in zip(right.subplots(3, 4).flat, list(shown) + [None] * 12):
    ax.set_axis_off()
    if i is not None:
        ax.imshow(X_test[:, i].reshape(8, 8), cmap="gray_r")
        ax.set_title(f"{y_test[i]} read as {predicted[i]}", fontsize=8)
print("confusion matrix (rows: true digit, columns: predicted):")
print(C)
print("misclassified:", ", ".join(f"{y_test[i]}→{predicted[i]}" for i in wrong))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Which of the misclassified digits would you have read correctly at 8×8 pixels? The
# off-diagonal entries of the matrix show which digits the network confuses.
#
# **Summary.** Held-out data is the only way to see overfitting: a large network learns 300
# training digits perfectly while its validation loss turns back up. Weight decay (Krogh & Hertz
# 1992) shrinks every weight a little at every step; dropout (Srivastava et al. 2014) trains
# with random units missing, scaled by $1/(1-p)$ so that nothing changes at test time, and its
# backward pass must reuse the forward pass's mask; early stopping (Prechelt 1998) keeps the
# epoch with the lowest validation loss; shifted digits make more data. The initial weights'
# scale decides whether a signal survives ten layers: Glorot & Bengio's $1/n$ for tanh, He et
# al.'s $2/n$ after a ReLU. A schedule (cosine annealing: Loshchilov & Hutter 2017) changes the
# learning rate over time for all weights; an adaptive optimizer changes it per weight. And the
# test set, used once, says how the chosen model does on digits it has never seen.
