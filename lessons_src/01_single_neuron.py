# %% [markdown] slideshow={"slide_type": "slide"}
# # 01 · A single neuron
# > weighted sum and bias, activations and their derivatives, one gradient by the chain rule, gradient descent with a learning-rate slider; AND and OR learned, XOR not
#
# A neuron takes inputs $x_1, \dots, x_n$, weighs them, adds a bias and passes the sum through an
# activation function $f$:
#
# $$z = w_1 x_1 + \dots + w_n x_n + b = w \cdot x + b, \qquad a = f(z).$$
#
# In this lesson you compute one by hand and by code, take its derivative with the chain rule,
# train it by gradient descent, and meet the problem that one neuron cannot solve.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - compute $z = w \cdot x + b$ and say what the bias does to the line $w \cdot x + b = 0$;
# - give the derivatives of step, sigmoid, tanh and ReLU, and check one with a centred finite difference;
# - write $\partial L/\partial w_1$ as the product of three chain-rule factors and compute it;
# - explain what a learning rate that is too large does to a sigmoid neuron;
# - say why one perceptron learns AND and OR but never XOR.
#
# **Plan for a 45-minute class.**
# - 0–10 min: sections 1 and 2, with exercise 1 (the sigmoid's derivative).
# - 10–20 min: section 3, the chain rule. Pause for the first "predict, then run" question.
# - 20–35 min: section 4, the learning-rate slider. Pause before the table of rates (second question).
# - 35–45 min: section 5, the perceptron; the XOR proof told in words.
#
# **Plan for a 90-minute class.**
# - 0–20 min: sections 1 and 2, exercise 1 done by everyone, the finite-difference check.
# - 20–45 min: section 3 and exercise 2 (one gradient step); pause after the loss falls.
# - 45–70 min: section 4: learners find the largest rate that still falls smoothly, then read the table.
# - 70–90 min: section 5 and the XOR proof on the board; discuss what a second layer would add (lesson 02).

# %%
# %matplotlib widget
import matplotlib.pyplot as plt
import numpy as np

from backprop_lab import activations, data, neuron
from backprop_lab.checks import single_neuron as check
from backprop_lab.widgets import neuron_descent
from backprop_lab.widgets.neuron_descent import learning_rate_explorer

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The weighted sum and the bias
#
# Take two inputs, two weights and a bias. The weighted sum $z$ is a dot product plus $b$.

# %%
x = np.array([1.0, 2.0])
w = np.array([0.4, -0.2])
b = 0.1
y = 1.0                      # the target: what we want the neuron to output for this x

z = w @ x + b
print(f"z = w1*x1 + w2*x2 + b = {w[0]}*{x[0]} + ({w[1]})*{x[1]} + {b} = {z:.6f}")

# %% [markdown]
# The bias shifts the sum: with $b = 0$, an input of all zeros always gives $z = 0$, whatever the
# weights. Geometrically, $w \cdot x + b = 0$ is a line in the plane of $(x_1, x_2)$ (a hyperplane
# in more dimensions): $w$ sets its direction and $b$ moves it away from the origin.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Activation functions and their derivatives
#
# | name | $f(z)$ | $f'(z)$ |
# | --- | --- | --- |
# | step | $1$ if $z \ge 0$, else $0$ | $0$ (undefined at $0$) |
# | sigmoid $\sigma$ | $1 / (1 + e^{-z})$ | $\sigma(z)\,(1 - \sigma(z))$ |
# | tanh | $(e^z - e^{-z}) / (e^z + e^{-z})$ | $1 - \tanh^2(z)$ |
# | ReLU | $\max(0, z)$ | $1$ if $z > 0$, else $0$ (we take $0$ at $z = 0$) |
#
# Backpropagation multiplies derivatives together, so the derivative matters as much as the
# function: the step's derivative is zero everywhere, which is why gradient descent cannot train
# a step neuron, and why the sigmoid replaced it.

# %% slideshow={"slide_type": "subslide"}
zs = np.linspace(-5, 5, 401)
fig, axes = plt.subplots(1, 4, figsize=(6.6, 2.2), sharex=True)
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
for ax, name in zip(axes, ["step", "sigmoid", "tanh", "relu"]):
    f, f_prime = activations.ACTIVATIONS[name]
    ax.plot(zs, f(zs), label="$f(z)$")
    ax.plot(zs, f_prime(zs), "--", label="$f'(z)$")
    ax.set(title=name, xlabel="$z$", ylim=(-1.2, 2.2))
    ax.axhline(0, color="gray", lw=0.5)
axes[0].legend(loc="upper left")
fig.tight_layout()

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: the sigmoid's derivative
#
# Write `sigmoid_prime(z)`, the derivative of the sigmoid at `z` (an array). Use
# `activations.sigmoid`. Hint: $\sigma'(z) = \sigma(z)(1 - \sigma(z))$; where does the
# $\sigma$ go?

# %%
def sigmoid_prime(z):
    ### BEGIN SOLUTION
    s = activations.sigmoid(z)
    return s * (1 - s)
    ### END SOLUTION

# %%
sigmoid_prime_used = check.sigmoid_prime(sigmoid_prime)

# %% [markdown]
# A derivative can always be checked with a **finite difference**: for a small $h$,
# $f'(z) \approx \dfrac{f(z + h) - f(z - h)}{2h}$, with an error of order $h^2$.

# %%
h = 1e-5
centred = (activations.sigmoid(zs + h) - activations.sigmoid(zs - h)) / (2 * h)
print(f"largest gap between sigmoid_prime and the finite difference on [-5, 5]: "
      f"{np.max(np.abs(sigmoid_prime_used(zs) - centred)):.2e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. A loss, and its gradient by the chain rule
#
# With the sigmoid, the neuron's output is $a = \sigma(z)$. How far it is from the target $y$ is
# measured by the **squared error** $L = \tfrac12 (a - y)^2$ (the $\tfrac12$ cancels the 2 of the
# derivative). To learn, we need $\partial L / \partial w_1$: how much the loss changes when
# $w_1$ moves. $L$ depends on $w_1$ through $z$ and $a$, so the chain rule gives three factors:
#
# $$\frac{\partial L}{\partial w_1} = \frac{\partial L}{\partial a}\cdot\frac{\partial a}{\partial z}\cdot\frac{\partial z}{\partial w_1}
# = (a - y)\cdot\sigma'(z)\cdot x_1.$$

# %%
a = activations.sigmoid(z)
L = 0.5 * (a - y) ** 2
dL_da, da_dz, dz_dw1 = a - y, sigmoid_prime_used(z), x[0]
dL_dw1 = dL_da * da_dz * dz_dw1
print(f"a = sigmoid({z:.6f}) = {a:.9f}")
print(f"L = 1/2 (a - y)^2     = {L:.9f}")
print(f"dL/da  = a - y        = {dL_da:.9f}")
print(f"da/dz  = sigmoid'(z)  = {da_dz:.9f}")
print(f"dz/dw1 = x1           = {dz_dw1:.9f}")
print(f"dL/dw1 = product      = {dL_dw1:.9f}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (before the cell that prints the three factors): is $a = \sigma(0.1)$ above or below the target $y = 1$, and what sign will $\partial L/\partial w_1$ have?
#
# *Answer.* $a = 0.524979187$, below the target, so $\partial L/\partial a = -0.475020813$ and
# $\partial L/\partial w_1 = -0.118458809$: negative, so gradient descent **raises** $w_1$ (exercise 2's step takes it from 0.4 to 0.4592294).

# %% [markdown] slideshow={"slide_type": "subslide"}
# Is it right? Nudge $w_1$ by $\pm h$, recompute the loss, and take the centred difference.
# If the chain rule was applied correctly, the two agree to many digits.

# %%
def loss_at(w1):
    return neuron.loss(np.array([w1, w[1]]), b, x, y)

finite_difference = (loss_at(w[0] + h) - loss_at(w[0] - h)) / (2 * h)
print(f"chain rule        dL/dw1 = {dL_dw1:.12f}")
print(f"finite difference dL/dw1 = {finite_difference:.12f}")
print(f"relative gap             = {abs(dL_dw1 - finite_difference) / abs(dL_dw1):.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: one gradient-descent step
#
# Gradient descent moves each parameter a little against its gradient:
# $w \leftarrow w - \eta\, \partial L/\partial w$ and $b \leftarrow b - \eta\, \partial L/\partial b$,
# where $\eta$ is the **learning rate**. Write `gradient_step(w, b, x, y, lr)` for our neuron
# (sigmoid, squared error, one example) and return the pair `(w_new, b_new)`.
# Hint: $\partial z/\partial b = 1$. For $\sigma'$, call `sigmoid_prime_used`: your `sigmoid_prime`
# once its check said Correct, the reference until then.

# %%
def gradient_step(w, b, x, y, lr):
    ### BEGIN SOLUTION
    z = w @ x + b
    a = activations.sigmoid(z)
    dL_dz = (a - y) * sigmoid_prime_used(z)
    return w - lr * dL_dz * x, b - lr * dL_dz
    ### END SOLUTION

# %%
gradient_step_used = check.gradient_step(gradient_step)

# %% slideshow={"slide_type": "subslide"}
w_new, b_new = gradient_step_used(w, b, x, y, lr=0.5)
print(f"w: {w} -> {np.round(w_new, 9)}   b: {b} -> {b_new:.9f}")
print(f"loss: {neuron.loss(w, b, x, y):.9f} -> {neuron.loss(w_new, b_new, x, y):.9f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Gradient descent, with a learning-rate slider
#
# Now a small data set: 40 points in the plane, two classes, around $(2, 2)$ and $(4, 4)$ (like
# most raw measurements, not centred on the origin). The neuron reads a point $(x_1, x_2)$ and
# outputs $a \in (0, 1)$; the **decision boundary** is where $a = 0.5$, the line
# $w \cdot x + b = 0$. Training runs 100 steps of gradient descent on the loss averaged over the
# points, from the same start each time.
#
# **Move the slider** (drag it, or click it and use the arrow keys). A tiny learning rate barely
# moves the boundary; a larger one gets there in fewer steps. Then keep going: **too large a rate
# fails**. First the steps overshoot and the loss zigzags up and down; larger still, the first
# steps throw the weights so far that the loss ends higher than it started and stays there. The
# loss curve and the boundary are redrawn in place, and the line under the figure says how the
# run went.

# %% slideshow={"slide_type": "subslide"}
X, labels = data.two_blobs(m=40, seed=0, offset=neuron_descent.OFFSET)
learning_rate_explorer(X, labels, lr=0.5)

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (before the table of rates below the slider): of the rates 0.01 to 100, which make the loss fall at every one of the 100 steps?
#
# *Answer.* 0.01 up to 1 ("smooth", no step goes up; rate 1 ends lowest of them, at 0.0491). From 2 on the loss goes up on some steps
# (40 of 100 at rate 2); from 20 on training fails: all 40 outputs sit at one end of the sigmoid and the loss ends at 0.2500.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The same runs as numbers, at each of the slider's rates: the loss, how many of the 100 steps
# made it go up, the range of the 40 outputs $a$ after training, and the largest $\sigma'(z)$
# among them (its peak value, at $z = 0$, is $0.25$):

# %%
print(f"{'rate':>6} | {'loss':^16} | {'verdict':>8} | up | outputs a after training | largest sigma'(z)")
for lr in neuron_descent.RATES:
    w_end, b_end, losses = neuron_descent.train(X, labels, lr)
    z_end = w_end @ X + b_end
    a_end = activations.sigmoid(z_end)
    print(f"{lr:>6g} | {losses[0]:.4f} -> {losses[-1]:.4f} | {neuron_descent.verdict(losses)[0]:>8} | "
          f"{neuron_descent.rises(losses):>2} | from {a_end.min():.6f} to {a_end.max():.6f} | "
          f"{np.max(activations.sigmoid_prime(z_end)):.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where training failed, the outputs of all 40 points sit at the same end of the sigmoid, all
# near $0$ or all near $1$: every point is given the same class, and half of them are wrong. There
# $\sigma'(z)$ is far below its peak, so every gradient carries a small factor, and the larger
# the rate, the smaller it is: the neuron cannot climb back. A good rate is the largest one that
# still makes the loss fall steadily; lesson 05 shows where such a limit comes from.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The perceptron: AND and OR, but not XOR
#
# Rosenblatt's perceptron (1958) is a step neuron trained with a simple rule: for each example,
# $w \leftarrow w + (y - \hat y)\,x$ and $b \leftarrow b + (y - \hat y)$, where $\hat y$ is the
# step's output. It changes nothing when the answer is right. If a line separates the two
# classes, the rule is proven to find one in finitely many steps.

# %% slideshow={"slide_type": "subslide"}
fig, axes = plt.subplots(1, 3, figsize=(6.6, 2.8), sharey=True)
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
g1, g2 = np.meshgrid(np.linspace(-0.5, 1.5, 201), np.linspace(-0.5, 1.5, 201))
for ax, (gate, targets) in zip(axes, data.GATES.items()):
    w_gate, b_gate, errors = neuron.perceptron(data.GATE_INPUTS, targets, epochs=20)
    said = activations.step(w_gate[0] * g1 + w_gate[1] * g2 + b_gate)      # what the perceptron says
    ax.contourf(g1, g2, said, levels=[-0.5, 0.5, 1.5], colors=["C0", "C3"], alpha=0.2)
    ax.contour(g1, g2, said, levels=[0.5], colors="k", linewidths=1.5)
    for label, color in ((0, "C0"), (1, "C3")):
        ax.scatter(*data.GATE_INPUTS[:, targets == label], color=color, s=120, edgecolor="k",
                   label=f"class {label} (target {label})")
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="$x_1$", aspect="equal",
           title=f"{gate}: {errors[-1]} mistakes in epoch {len(errors)}")
    print(f"{gate:>3}: mistakes per epoch {errors}  -> w = {w_gate}, b = {b_gate}")
axes[0].set_ylabel("$x_2$")
handles, names = axes[0].get_legend_handles_labels()
fig.legend(handles + [plt.Rectangle((0, 0), 1, 1, color="C0", alpha=0.2), plt.Rectangle((0, 0), 1, 1, color="C3", alpha=0.2)],
           names + ["where it outputs 0", "where it outputs 1"], loc="lower center", ncol=4, fontsize=8)
fig.tight_layout(rect=(0, 0.1, 1, 1))

# %% [markdown] slideshow={"slide_type": "subslide"}
# AND and OR are learned in a few epochs: an epoch with no mistake ends the training. XOR never
# is: every epoch makes mistakes, and the weights go round in circles. No line can separate XOR's classes. Suppose $w_1 x_1 + w_2 x_2 + b$ were $\ge 0$
# exactly on XOR's 1s. Then $(0,0) \mapsto 0$ gives $b < 0$; $(1,0)$ and $(0,1) \mapsto 1$ give
# $w_1 + b \ge 0$ and $w_2 + b \ge 0$; adding these, $w_1 + w_2 + 2b \ge 0$, so
# $w_1 + w_2 + b \ge -b > 0$, and $(1,1)$ would be a 1. A contradiction.
#
# One neuron draws one line. To bend the boundary we need a **hidden layer** of neurons whose
# outputs feed another neuron, and a way to train the hidden weights: backpropagation, the subject
# of lesson 02.
#
# **Summary.** A neuron computes $a = f(w \cdot x + b)$. The chain rule gives its gradient as a
# product of local derivatives, which a finite difference confirms. Gradient descent follows the
# gradient downhill at a speed set by the learning rate; too large a rate overshoots, and larger
# still it fails outright. A single neuron separates classes with a
# line, which is enough for AND and OR and not for XOR.
# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Misconceptions this lesson meets, and how it answers them.**
# - *"A larger learning rate always learns faster."* Section 4's slider and table: up to 1 it does; from 20 the neuron saturates and learns nothing.
# - *"The step neuron can be trained by gradient descent like the others."* Its derivative is $0$ wherever it exists (section 2's table), so gradient descent gets no signal; the perceptron rule is a different rule.
# - *"XOR just needs more epochs."* Section 5: XOR still makes 4 mistakes in each of the last epochs, and the proof shows no line can ever separate it.
# - *"The bias is a detail."* Section 1: without it the line must pass through the origin.

