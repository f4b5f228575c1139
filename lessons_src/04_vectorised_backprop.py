# %% [markdown] slideshow={"slide_type": "slide"}
# # 04 · Vectorised backprop
# > a whole batch in matrices, a table of shapes, why db sums over the examples, gradient checking catches a real bug, a two-class flower learned, loops against matrices timed
#
# Lessons 02 and 03 followed one example through the network, one neuron at a time. Here the same
# arithmetic runs on a whole **batch** of $m$ examples at once, as products of matrices. It is
# shorter to write and much faster to run, and there are new ways to get it wrong: a sum over the
# wrong axis, a missing $1/m$, a transpose. You will write the forward and backward passes,
# prove them right with **gradient checking**, watch gradient checking catch a bug in published
# code, and train the network on a problem that no straight line solves.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - write the shape of every array of a batch (one column per example) and use the two rules that fix them;
# - explain why `db` sums over the examples (`axis=1, keepdims=True`) and what broadcasting does to `b`;
# - write the vectorised forward and backward passes of a 2-4-1 network;
# - run a gradient check, choose its $h$, and use it to find a real bug;
# - explain why zero initial weights never break the symmetry, and judge how many hidden units a task needs.
#
# **Plan for a 45-minute class.**
# - 0–10 min: section 1 (the table of shapes, broadcasting, why `db` sums). Pause for the first question.
# - 10–25 min: sections 2 and 3: exercises 1 and 2 (forward, backward), in pairs.
# - 25–40 min: section 4: gradient checking and the bug it catches. Pause before the check of the posted code.
# - 40–45 min: section 6's result: the flower learned (93.5 %) where logistic regression gets 50.5 %.
#
# **Plan for a 90-minute class.**
# - 0–15 min: section 1.
# - 15–40 min: sections 2 and 3, exercises done by everyone.
# - 40–60 min: section 4, with the sweep over $h$ (truncation against rounding).
# - 60–75 min: sections 5 and 6 (zeros against small random weights; how many hidden units).
# - 75–90 min: section 7, loops against matrices, and the batch-first box.

# %%
# %matplotlib widget
import inspect
import timeit

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Code, display

from backprop_lab import MLP, activations, data, gradcheck, loops, plots, training
from backprop_lab.checks import vectorised as check
from backprop_lab.widgets.playground import playground

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. From one example to a batch
#
# Put the $m$ examples side by side, **one column per example**: $X$ has shape $(n_0, m)$. Each
# layer then does for all the columns at once what it did for one:
#
# $$Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \qquad A^{[l]} = f(Z^{[l]}), \qquad A^{[0]} = X.$$
#
# Our network for this lesson: 2 inputs, 4 tanh hidden units, 1 sigmoid output, and the
# cross-entropy loss averaged over the examples,
# $J = -\frac1m \sum_i \big[y_i \log a_i + (1 - y_i) \log(1 - a_i)\big]$. The data: 400 points of
# a two-class "flower" (section 6). Here is every array of one forward and backward pass,
# with its shape, read from the arrays themselves.

# %% slideshow={"slide_type": "subslide"}
X, labels = data.flower(m=400, seed=1)
Y = labels[None, :]                         # (1, m): targets are a row, one column per example
net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
Zs, As = net.forward_pass(X)
dW1, db1, dW2, db2 = net.backward(Zs, As, Y)
arrays = {"X": X, "W1": net.params[0], "b1": net.params[1], "Z1": Zs[0], "A1": As[1],
          "W2": net.params[2], "b2": net.params[3], "Z2": Zs[1], "A2": As[2], "Y": Y,
          "dZ2 = dJ/dZ2": (As[2] - Y) / X.shape[1], "dW2": dW2, "db2": db2,
          "dZ1 = dJ/dZ1": (net.params[2].T @ ((As[2] - Y) / X.shape[1])) * (1 - As[1] ** 2),
          "dW1": dW1, "db1": db1}
print(f"{'array':>14}  shape       rule")
rules = {"X": "(n0, m)", "W1": "(n1, n0)", "b1": "(n1, 1)", "Z1": "(n1, m)", "A1": "(n1, m)",
         "W2": "(n2, n1)", "b2": "(n2, 1)", "Z2": "(n2, m)", "A2": "(n2, m)", "Y": "(n2, m)"}
for name, array in arrays.items():
    rule = rules.get(name, "same shape as " + name.split(" ")[0][1:])
    print(f"{name:>14}  {str(array.shape):<10}  {rule}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Two rules carry the whole table. A gradient has the shape of what it is the gradient of
# (`dW1` is shaped like `W1`). And every product must fit: `W1 @ X` is $(n_1, n_0)(n_0, m)$.
# When a product does not fit, the shapes tell you which factor needs a transpose.
#
# **Broadcasting.** `W1 @ X` is $(4, m)$ but `b1` is $(4, 1)$. NumPy *broadcasts* the column
# `b1` across the $m$ columns, as if it were copied $m$ times: each example gets the same bias.
# On a batch of three:

# %% slideshow={"slide_type": "subslide"}
W1, b1 = net.params[0], net.params[1]
b1_demo = np.array([[1.0], [2.0], [3.0], [4.0]])
small = X[:, :3]
print("W1 @ X (4, 3):\n", np.round(W1 @ small, 3))
print("b1 (4, 1):\n", b1_demo)
print("W1 @ X + b1 (4, 3), b1 added to every column:\n", np.round(W1 @ small + b1_demo, 3))
print("the same as adding np.tile(b1, 3):", np.array_equal(W1 @ small + b1_demo, W1 @ small + np.tile(b1_demo, 3)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Why `db` sums over the examples** (a solution of the deeplearning.ai course assignment, as
# posted online, asks exactly this in a comment next to `db2 = np.sum(dZ2)`). The loss is an average, $J = \frac1m \sum_i J_i$, and the bias is
# *shared*: it was broadcast to every column, so it takes part in every example. Its gradient
# collects a contribution from each one. The column $i$ of $dZ = \partial J / \partial Z$
# (with the $1/m$ in it) is example $i$'s share, and $\partial Z_{ki} / \partial b_k = 1$, so
#
# $$db = \sum_{i=1}^m dZ_{:,i} = \texttt{np.sum(dZ, axis=1, keepdims=True)}.$$
#
# `axis=1` runs over the examples (the columns); `keepdims=True` keeps the shape $(n, 1)$ of $b$.
# The same sum hides in `dW = dZ @ A.T`: the matrix product adds up the $m$ outer products
# $dZ_{:,i}\, A_{:,i}^T$, one per example. Checked against one example at a time:

# %%
m = X.shape[1]
per_example = [net.backward(*net.forward_pass(X[:, [i]]), Y[:, [i]]) for i in range(m)]
db1_summed = sum(g[1] for g in per_example) / m     # each call averaged over its m = 1 example
dW1_summed = sum(g[0] for g in per_example) / m
print("db1 from the batch:               ", db1.ravel())
print("mean of the 400 per-example db1:  ", db1_summed.ravel())
print("largest difference, db1 and dW1:  ", max(np.abs(db1 - db1_summed).max(), np.abs(dW1 - dW1_summed).max()))

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** the batch's `db1` against the mean of 400 one-example `db1`s: equal, or only close?
#
# *Answer.* Equal to rounding: the largest difference (of `db1` and `dW1`) is $8.8 \times 10^{-17}$. The sum over the columns **is** the sum over the examples.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The forward pass

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: forward
#
# Write `forward(X, W1, b1, W2, b2)` for the network above: tanh hidden layer, sigmoid output.
# Return `(Z1, A1, Z2, A2)`. Use `@` and `np.tanh`; the sigmoid is `activations.sigmoid`.

# %%
def forward(X, W1, b1, W2, b2):
    ### BEGIN SOLUTION
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = activations.sigmoid(Z2)
    return Z1, A1, Z2, A2
    ### END SOLUTION

# %%
forward_used = check.forward(forward)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The backward pass
#
# Backward, from the loss to the inputs, the rules of lesson 03 become matrix products:
#
# $$dZ^{[2]} = \tfrac1m (A^{[2]} - Y), \quad dW^{[2]} = dZ^{[2]} A^{[1]T}, \quad db^{[2]} = \textstyle\sum_i dZ^{[2]}_{:,i},$$
# $$dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot \tanh'(Z^{[1]}), \quad dW^{[1]} = dZ^{[1]} X^T, \quad db^{[1]} = \textstyle\sum_i dZ^{[1]}_{:,i}.$$
#
# $dZ^{[2]} = A^{[2]} - Y$ (over $m$) is the sigmoid and the cross-entropy together: the
# sigmoid's derivative $a(1-a)$ cancels the denominator of the cross-entropy's. We put the $1/m$
# of the average into $dZ^{[2]}$, so that $dZ^{[2]}$ is truly $\partial J / \partial Z^{[2]}$;
# after that no other $1/m$ appears. The derivative $\tanh'$ is taken at $Z^{[1]}$, and
# $\tanh'(Z^{[1]}) = 1 - \tanh^2(Z^{[1]}) = 1 - (A^{[1]})^2$, which reuses the forward pass.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: backward
#
# Write `backward(X, Y, params, cache)`, where `params = (W1, b1, W2, b2)` and
# `cache = (Z1, A1, Z2, A2)` from the forward pass. Return `(dW1, db1, dW2, db2)`, each with the
# shape of its parameter. The check names the usual slips: a sum over the wrong axis, a missing
# $1/m$, a transpose, the derivative taken at $A$ instead of $Z$.

# %%
def backward(X, Y, params, cache):
    W1, b1, W2, b2 = params
    Z1, A1, Z2, A2 = cache
    m = X.shape[1]
    ### BEGIN SOLUTION
    dZ2 = (A2 - Y) / m
    dW2 = dZ2 @ A1.T
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2
    ### END SOLUTION

# %%
backward_used = check.backward(backward)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The package's network, `backprop_lab.MLP`, does the same for any number of layers, any of the
# activations and losses, and the weight decay of lesson 03. Its backward pass, shown from the
# package (this is the code every later lesson runs):

# %%
display(Code(inspect.getsource(MLP.backward), language="python"))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Gradient checking
#
# How do we know a backward pass is right? Nudge one parameter $p$ by $\pm h$, recompute the
# loss, and compare the slope with the gradient:
#
# $$\frac{J(p + h) - J(p - h)}{2h} = \frac{\partial J}{\partial p} + O(h^2).$$
#
# The **centred** difference has an error of order $h^2$ (the one-sided $(J(p+h) - J(p))/h$ only
# $h$). Doing it for every parameter gives a numerical gradient $n$, compared with the
# backprop gradient $g$ by the **relative error** $\lVert g - n\rVert / (\lVert g\rVert + \lVert n\rVert)$,
# which does not depend on the scale of the loss. In float64, with $h = 10^{-5}$:
# below about $10^{-7}$ the gradient is right; around $10^{-5}$ look closer (a ReLU kink near a
# pre-activation can cause it); $10^{-3}$ and above, something is wrong.
#
# Gradient checking costs two loss evaluations *per parameter*. The cell below counts them for
# this network and for an MNIST-sized one (784 inputs, 128 hidden units, 10 outputs):

# %%
for sizes in ([2, 4, 1], [784, 128, 10]):
    n_params = sum(p.size for p in MLP(sizes, seed=0).params)
    print(f"{'-'.join(map(str, sizes)):>10} network: {n_params:>7,} parameters, "
          f"so {2 * n_params:>7,} loss evaluations for one gradient check")

# %% [markdown]
# So it is run once, on a small batch, to validate the code, and **switched off** for training.
# Here it checks your `backward`, then the package's network:

# %% slideshow={"slide_type": "subslide"}
print(check.gradient_check_backward(backward, net, X[:, :20], Y[:, :20]))    # your own backward
error, per_param = gradcheck.check_network(net, X[:, :20], Y[:, :20])
print(f"MLP.backward:    relative error {error:.2e}  (per parameter: "
      + ", ".join(f"{e:.1e}" for e in per_param) + ")")

# %% [markdown]
# Why $h = 10^{-5}$? The relative error against $h$, on log-log axes, shows two regimes. For
# large $h$ the **truncation** error of the centred difference dominates: it is $O(h^2)$, a line
# of slope 2. For small $h$ the two losses agree in so many digits that **rounding** dominates:
# each loss carries an error of about $10^{-16}$ of its size, and dividing their difference by
# $2h$ makes it grow like $1/h$, a line of slope $-1$. The best $h$ sits where the two meet.

# %% slideshow={"slide_type": "subslide"}
hs = np.logspace(-1, -11, 21)
sweep = np.array([gradcheck.check_network(net, X[:, :20], Y[:, :20], h=h)[0] for h in hs])
best = hs[np.argmin(sweep)]
slopes = np.diff(np.log10(sweep)) / np.diff(np.log10(hs))
fig, ax = plt.subplots(figsize=(6.4, 3.4))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
ax.loglog(hs, sweep, "ko-", ms=4, label="relative error of the gradient check")
large, small = hs > 10 * best, hs < best / 10
ax.loglog(hs[large], sweep[0] * (hs[large] / hs[0]) ** 2, "C0--", lw=2, label="truncation: $\\propto h^2$")
ax.loglog(hs[small], sweep[-1] * (hs[small] / hs[-1]) ** -1, "C3--", lw=2, label="rounding: $\\propto 1/h$")
ax.axvline(best, color="gray", lw=0.8)
ax.set(xlabel="step $h$", ylabel="relative error", title=f"the error is smallest near h = {best:.0e}")
ax.legend(loc="upper center", fontsize=8)
fig.tight_layout()
for h, e in zip(hs[::2], sweep[::2]):
    print(f"h = {h:.0e}:  relative error {e:.1e}")
print(f"slope for h from 1e-1 to 1e-4: {np.mean(slopes[:6]):.2f};  from 1e-8 to 1e-11: {np.mean(slopes[-6:]):.2f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Gradient checking catches a real bug
#
# The deeplearning.ai course (Andrew Ng's *Neural Networks and Deep Learning*) has an assignment
# on this very network: tanh hidden layer, sigmoid output, cross-entropy, planar data. A solution
# posted online, on a Chinese blog, gives this backward pass. Here it is exactly as published,
# names and spelling included (only its Chinese comment is translated):

# %%
def back_propogation(paremeters, cache, X, Y):
    m = X.shape[1]
    Z1 = cache['Z1']
    A1 = cache['A1']
    Z2 = cache['Z2']
    A2 = cache['A2']
    W1 = paremeters['W1']
    W2 = paremeters['W2']
    dZ2 = (1/m) * (A2 - Y)
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2)  ###### why the sum?
    dZ1 = np.multiply(np.dot(W2.T, dZ2), (1 - np.power(A1, 2)))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1)
    grads = {
        'dW2': dW2,
        'db2': db2,
        'dW1': dW1,
        'db1': db1
    }
    return grads

# %% [markdown] slideshow={"slide_type": "subslide"}
# It runs without an error, and training with it even lowers the loss. Gradient checking it,
# parameter by parameter (`db1` is a single number here; the update `b1 - lr * db1` broadcasts
# it to every hidden unit, and so does the check):

# %%
Xs, Ys = X[:, :20], Y[:, :20]
Zs_s, As_s = net.forward_pass(Xs)
posted = back_propogation(dict(zip(["W1", "b1", "W2", "b2"], net.params)),
                          dict(zip(["Z1", "A1", "Z2", "A2"], [Zs_s[0], As_s[1], Zs_s[1], As_s[2]])), Xs, Ys)
posted_grads = [posted["dW1"], posted["db1"], posted["dW2"], posted["db2"]]
error, per_param = gradcheck.check_gradients(lambda: net.loss_and_grads(Xs, Ys)[0], net.params, posted_grads)
for name, e in zip(["dW1", "db1", "dW2", "db2"], per_param):
    print(f"{name}: relative error {e:.1e}" + ("   <- wrong" if e > 1e-5 else ""))
right_db1 = net.loss_and_grads(Xs, Ys)[1][1]
print(f"the posted db1, shape {np.shape(posted['db1'])}: {posted['db1']:.6f}")
print(f"the right db1, shape {right_db1.shape}: {np.round(right_db1.ravel(), 6)}, which sums to {right_db1.sum():.6f}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** the posted backward pass runs and training with it lowers the loss. Which of its four gradients fails the check?
#
# *Answer.* Only `db1`: relative error $5.9 \times 10^{-1}$ against about $10^{-11}$ for the others. `np.sum(dZ1)` without `axis` gives one number (−0.492188), the sum of the right four.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"`np.sum(dZ)` is the bias gradient."* Section 4: without `axis=1, keepdims=True` it adds over the hidden units too.
# - *"Run the gradient check during training."* Section 4: it costs two loss evaluations per parameter (203,540 for a 784-128-10 network); run it once, then switch it off.
# - *"A smaller $h$ is always more accurate."* Section 4's sweep: below about $10^{-5}$ rounding error grows again.
# - *"Zero weights are a neutral start."* Section 5: the four hidden units stay identical.
# - *"More hidden units is always better."* Section 6's table: 50 units hold out at 91.5 %, 20 units at 93.0 %.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Only `db1` fails. `np.sum(dZ1)` with no `axis` adds over the examples **and over the hidden
# units**: every hidden bias gets the same number, the sum of all of their true gradients. The
# fix is `np.sum(dZ1, axis=1, keepdims=True)`. The same slip in `db2 = np.sum(dZ2)` is harmless
# only because the output layer has one unit (its shape is still `()` instead of `(1, 1)`).
#
# The posted code's other choice is right: it puts $1/m$ into `dZ2`, which then is $\partial J/\partial Z^{[2]}$,
# and so `dW2 = np.dot(dZ2, A1.T)` needs no $1/m$ of its own. (The course's version writes
# `dZ2 = A2 - Y` and `dW2 = np.dot(dZ2, A1.T) / m`; the two are equal. Putting $1/m$ in both places
# would be a bug, which gradient checking would catch just as well.)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Initialization: zeros never break the symmetry
#
# Why start from small random weights rather than zeros (the UFLDL tutorial's advice: draw each
# weight from $\mathcal N(0, 0.01^2)$)? If all hidden units start equal, they compute the same $A$, get
# the same $dZ$, receive the same update, and so stay equal forever: the layer acts like one unit.
# Below, a sigmoid hidden layer of 4 units trained on the two blobs of lesson 01, from all zeros
# and from small random weights; each line is one hidden unit's first weight $W^{[1]}_{k,1}$
# during training.
# (With tanh, zeros are worse still: $\tanh(0) = 0$, so $dW^{[2]} = 0$ and nothing but $b^{[2]}$ ever moves.)

# %% slideshow={"slide_type": "subslide"}
X_blobs, labels_blobs = data.two_blobs(m=40, seed=0)

def weight_history(start, steps=300, lr=1.2, hidden="sigmoid"):
    model = MLP([2, 4, 1], hidden=hidden, output="sigmoid", loss="bce", seed=0)
    for p in model.params:
        p[...] = start(p.shape)
    history = []
    for _ in range(steps):
        history.append(model.params[0][:, 0].copy())
        _, grads = model.loss_and_grads(X_blobs, labels_blobs[None, :])
        for p, g in zip(model.params, grads):
            p -= lr * g
    return np.array(history), model

rng = np.random.default_rng(0)
starts = {"all zeros": np.zeros, "small random, N(0, 0.01²)": lambda shape: 0.01 * rng.normal(size=shape)}
fig, axes = plt.subplots(1, 2, figsize=(6.6, 2.7), sharey=True)
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
for ax, (name, start) in zip(axes, starts.items()):
    history, model = weight_history(start)
    ax.plot(history)
    ax.set(title=f"{name}:\n{len(np.unique(model.params[0].round(12), axis=0))} distinct hidden units",
           xlabel="step", ylabel="$W^{[1]}_{k,1}$ of each unit $k$")
    print(f"{name:>26}: W1 after training =\n{np.round(model.params[0], 4)}")
fig.tight_layout()
tanh_history, tanh_model = weight_history(np.zeros, steps=50, hidden="tanh")
print("tanh from zeros, after 50 steps: W1, b1, W2 all still zero:",
      all(not np.any(p) for p in tanh_model.params[:3]), f"\n  b2 = {tanh_model.params[3].item():.1e}, the one that can move: its gradient is the mean of a - y,"
      " about 0 here because half the labels are 1")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 5): started from all zeros, will the four hidden units differ after 300 steps?
#
# *Answer.* No: all four rows of `W1` end equal, `[1.5875 0.9174]`; from small random weights they separate.

# %% [markdown] slideshow={"slide_type": "subslide"}
# From zeros the four lines are one line: the four units stay identical. From small random
# weights they separate. `MLP` draws its weights at random with a scale of $1/\sqrt{n_{l-1}}$
# ($\sqrt{2/n_{l-1}}$ for a layer whose input is a ReLU's output, after He et al. 2015: the ReLU
# zeroes half of its inputs), which keeps $Z$ of order 1 in deeper networks, where
# $0.01$ would make the signal shrink layer after layer.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. A real task: the flower
#
# Two classes of points in the plane, arranged in petals: no straight line separates them. The
# generator is `data.flower`, with a fixed seed. First, the best a straight line can do:
# logistic regression, which is our network without a hidden layer, `MLP([2, 1])`.

# %%
STEPS, LR = 3000, 1.2
logistic = MLP([2, 1], output="sigmoid", loss="bce", seed=0)
training.gradient_descent(logistic, X, Y, LR, STEPS)
print(f"logistic regression: accuracy {training.accuracy(logistic, X, labels):.1%} on the training points")

# %% [markdown]
# About what a coin gives. Now a tanh hidden layer of 4 units, trained by gradient descent on
# the whole batch (the bar shows the progress):

# %% slideshow={"slide_type": "subslide"}
flower_net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
losses = training.gradient_descent(flower_net, X, Y, LR, STEPS, progress=True)
print(f"4 hidden units: loss {losses[0]:.3f} -> {losses[-1]:.3f}, "
      f"accuracy {training.accuracy(flower_net, X, labels):.1%}")
fig, axes = plt.subplots(1, 3, figsize=(6.6, 2.5))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
plots.decision_regions(axes[0], logistic, X, labels, "logistic regression")
plots.decision_regions(axes[1], flower_net, X, labels, "4 tanh hidden units")
axes[2].plot(losses)
axes[2].set(xlabel="step", ylabel="loss $J$", title="training loss, 4 hidden units")
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### How many hidden units?
#
# The same training for several hidden sizes. Besides the loss and the accuracy on the training
# points, each network is scored on 400 **held-out** points: a fresh draw of the flower
# (`seed=2`) that training never sees. Only held-out points can tell whether a network learned
# the flower or memorised its training points.

# %% slideshow={"slide_type": "subslide"}
X_held, labels_held = data.flower(m=400, seed=2)
SIZES = [1, 2, 3, 4, 5, 20, 50]
fig, axes = plt.subplots(2, 4, figsize=(6.6, 4.1))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
print(f"{'hidden units':>12} | training loss | training accuracy | held-out accuracy")
print(f"{'(none)':>12} | {logistic.loss_and_grads(X, Y)[0]:13.4f} | {training.accuracy(logistic, X, labels):17.1%} | "
      f"{training.accuracy(logistic, X_held, labels_held):17.1%}   logistic regression")
plots.decision_regions(axes.flat[0], logistic, X, labels, "logistic regression")
by_size = {}
for ax, n in zip(axes.flat[1:], SIZES):
    model = MLP([2, n, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
    losses_n = training.gradient_descent(model, X, Y, LR, STEPS)
    by_size[n] = (losses_n[-1], training.accuracy(model, X, labels), training.accuracy(model, X_held, labels_held))
    print(f"{n:>12} | {by_size[n][0]:13.4f} | {by_size[n][1]:17.1%} | {by_size[n][2]:17.1%}")
    plots.decision_regions(ax, model, X, labels, f"{n} hidden\ntrain {by_size[n][1]:.1%}, held-out {by_size[n][2]:.1%}")
fig.tight_layout()
gaps = {n: train - held for n, (_, train, held) in by_size.items()}
print(f"largest gap, training minus held-out accuracy, from 3 units on: "
      f"{max(g for n, g in gaps.items() if n >= 3):.1%} (at {max((g, n) for n, g in gaps.items() if n >= 3)[1]} units)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# One or two units cannot wrap the petals; three can. Two things in the table look odd and are
# not overfitting:
#
# - **2 units score below 1**, yet reach a lower training loss. Gradient descent lowers the
#   cross-entropy, not the number of mistakes: the loss can fall while a few points near the
#   boundary slip to the wrong side of 0.5.
# - **50 units score below 20 on the training points**, yet again reach the lowest training loss
#   of all. A fall in *training* accuracy is not overfitting; overfitting is the opposite: the
#   training points fitted better, the held-out ones worse.
#
# From 3 units on, the held-out accuracy stays within a few points of the training accuracy (the
# last line above): on this data and in this many steps, more units buy little and the table
# shows no overfitting to speak of. Seeing it takes a model that can fit the noise of a small
# training set, and the steps to do it (a later lesson).

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Train it live
#
# Now watch a network learn, in the manner of TensorFlow Playground (Smilkov and Carter, 2016).
# Besides the flower, two more data sets of 400 points, made with fixed seeds: two **circles**,
# one inside the other, and two interleaved **spirals**:

# %%
X_circles, labels_circles = data.circles(m=400, seed=3)
X_spirals, labels_spirals = data.spirals(m=400, seed=4)
DATASETS = {"flower": (X, labels), "circles": (X_circles, labels_circles), "spirals": (X_spirals, labels_spirals)}
for name, (X_set, labels_set) in DATASETS.items():
    print(f"{name:>8}: X {X_set.shape}, {int(labels_set.sum())} points of class 1, "
          f"x1 from {X_set[0].min():.2f} to {X_set[0].max():.2f}")

# %% [markdown]
# **Play** trains the network of this section, `MLP([2, n, 1])` with a sigmoid output and the
# cross-entropy, by gradient descent on the whole batch, 20 steps per frame; **Step** trains 20
# steps once. The colour is the probability of class 1 that the network gives each point of the
# plane; the right panel is the loss. Changing a control starts again from the same random
# weights (`MLP(..., seed=0)`, as above). Things to try:
# - the circles with 1 or 2 hidden units, then 3: how many straight lines does a ring need?
# - the spirals: 2 units fail; 16 tanh units get most of the points in a few thousand steps;
# - the same settings with ReLU: the regions are bounded by straight pieces, one bend per hidden unit;
# - ReLU with a learning rate of 30: the loss jumps around, and can end above where it started.

# %%
playground(DATASETS)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Loops against matrices
#
# The same gradient, computed one example at a time (a Python loop, with vectors and outer
# products, `loops.loss_and_grads_by_example`) and for the whole batch at once. Same numbers,
# very different times:

# %%
by_example = loops.loss_and_grads_by_example(flower_net, X, Y)
batch = flower_net.loss_and_grads(X, Y)
print("same loss and gradients:", np.isclose(by_example[0], batch[0])
      and all(np.allclose(a, b) for a, b in zip(by_example[1], batch[1])))
t_loop = min(timeit.repeat(lambda: loops.loss_and_grads_by_example(flower_net, X, Y), number=1, repeat=3))
t_vec = min(timeit.repeat(lambda: flower_net.loss_and_grads(X, Y), number=20, repeat=3)) / 20
print(f"loop over the {X.shape[1]} examples: {t_loop * 1e3:7.2f} ms")
print(f"vectorised:                    {t_vec * 1e3:7.2f} ms")
print(f"ratio: the loop is {t_loop / t_vec:.0f} times slower (timings vary from run to run)")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The loop pays Python's overhead (a few microseconds per operation) once per example; the
# matrix version pays it once per batch and hands the arithmetic to compiled, vectorised code.
# For large layers the matrix products run at a good fraction of the processor's peak speed:
# `benchmarks/mnist_epoch.py` measures how close, for an MNIST-sized network.
#
# > **Batch-first: the convention of PyTorch.** PyTorch (and most libraries) store a batch with
# > **one row per example**: `X` is $(m, n_0)$. `torch.nn.Linear(n0, n1)` keeps its weight as
# > $(n_1, n_0)$, like our $W$, and computes `X @ W.T + b` with `b` of shape $(n_1,)$, broadcast
# > over the rows. It is the transpose of our $Z = WX + b$: $(WX + b)^T = X^T W^T + b^T$. Same
# > numbers, with gradients transposed accordingly (`db` sums over axis 0 there).

# %%
rows = X.T                                          # (m, n0): one row per example
batch_first = rows @ W1.T + b1.ravel()              # (m, n1)
print("batch-first result is Z1 transposed:", np.allclose(batch_first, (W1 @ X + b1).T))

# %% [markdown]
# **Summary.** A batch is a matrix with one column per example; each layer is
# $Z = WA + b$ with $b$ broadcast over the columns. Backward, $dW = dZ\,A^T$ and
# $db = \sum_i dZ_{:,i}$ add up the examples' contributions, with the $1/m$ of the average put
# once into $dZ$ of the output layer. Gradient checking with centred differences confirms a
# backward pass to about $10^{-10}$, and caught the missing `axis` in published code. Random
# initialization breaks the symmetry that zeros keep. A hidden layer of a few tanh units learns
# the flower that logistic regression cannot, and the vectorised code runs many times faster
# than a loop over the examples.
