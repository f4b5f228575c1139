# %% [markdown] slideshow={"slide_type": "slide"}
# # 06 · Backpropagation through time
# > a character-level RNN reads "namaska" and learns to predict "r": the network unrolled, every number of a forward pass, BPTT derived with SymPy and gradient-checked, vanishing and exploding gradients with sliders, clipping, truncation
#
# The networks of lessons 01–05 see one input and give one output. Text, speech and prices come
# as **sequences**, where what comes next depends on what came before. A **recurrent** network
# reads a sequence one element at a time and keeps a memory, its hidden state $h_t$, which it
# updates at every step with the same weights.
#
# Our task is the smallest one that needs a memory: read the letters of **namaskar** one at a
# time and predict each next letter; in the end, fed "namaska", the network must answer **r**.
# The vocabulary is the six letters $\{n, a, m, s, k, r\}$. After an "a" the next letter may be
# m, s or r: only the letters *before* the "a" can tell which.
#
# Training such a network is ordinary backpropagation applied to the network **unrolled in
# time**: backpropagation through time (BPTT), described by Rumelhart, Hinton and Williams
# (1986) and set out in full by Werbos (1990).

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - unroll a recurrent network over a sequence and say why one set of weights serves every step;
# - compute one step of the forward pass by hand (one-hot input, tanh state, softmax output);
# - state the BPTT recurrence $\delta_t = (W_{hy}^T dy_t + W_{hh}^T \delta_{t+1}) \odot (1 - h_t^2)$ and why weight gradients are sums over time using $h_{t-1}$;
# - gradient-check an RNN and train it to predict "r" after "namaska";
# - explain vanishing and exploding gradients with the spectral radius of $W_{hh}$, and what clipping and truncation do.
#
# **Plan for a 45-minute class.**
# - 0–10 min: sections 1 and 2 (the loop, the forward pass). Pause for the untrained-loss question.
# - 10–25 min: section 3 (BPTT derived) in outline, section 4's gradient check.
# - 25–35 min: section 5 (training on namaskar); pause before training.
# - 35–45 min: section 6, the vanishing/exploding sliders.
#
# **Plan for a 90-minute class.**
# - 0–15 min: sections 1 and 2.
# - 15–40 min: section 3 in full, and the exercise (the backward step through time).
# - 40–50 min: section 4.
# - 50–60 min: section 5.
# - 60–75 min: sections 6 and 7 (sliders, then clipping).
# - 75–90 min: section 8, truncated BPTT and what it can no longer learn.

# %% slideshow={"slide_type": "subslide"}
# %matplotlib widget
import inspect

import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import Code, Math, display
from tqdm.auto import tqdm

from backprop_lab import clipping, gradcheck, gradient_flow, optim, rnn, rnn_training
from backprop_lab.checks import bptt as check
from backprop_lab.rnn import RNN
from backprop_lab.symbolic import is_zero
from backprop_lab.symbolic_rnn import UnrolledRNN
from backprop_lab.text import NAMASKAR
from backprop_lab.widgets.unrolled import unrolled_figure
from backprop_lab.widgets.vanishing import clipping_figure, clipping_runs, saturated, vanishing_explorer


def show(code_object):
    """Display the package's own source of a function."""
    display(Code(inspect.getsource(code_object), language="python"))


LETTERS = NAMASKAR.letters
inputs, targets = NAMASKAR.next_letter_task("namaskar")
print("vocabulary:", {c: i for i, c in enumerate(LETTERS)})
print("inputs: ", NAMASKAR.decode(inputs), inputs)
print("targets:", NAMASKAR.decode(targets), targets)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. Why a loop: one set of weights, used at every step
#
# At step $t$ the network reads the letter $x_t$ (a one-hot column of 6 numbers), mixes it with
# its previous state $h_{t-1}$, and predicts the next letter:
#
# $$a_t = W_{xh}\, x_t + W_{hh}\, h_{t-1} + b_h, \qquad h_t = \tanh(a_t), \qquad
#   y_t = W_{hy}\, h_t + b_y, \qquad p_t = \operatorname{softmax}(y_t),$$
#
# starting from $h_0 = 0$. The loss is the cross-entropy of the right next letter, **averaged
# over the $T$ steps**: $J = \frac1T \sum_{t=1}^{T} -\log p_t[\text{target}_t]$.
#
# With $H$ hidden units and $V = 6$ letters the shapes are those of the series:
# $W_{xh}$ is $(H, V)$, $W_{hh}$ is $(H, H)$, $b_h$ is $(H, 1)$, $W_{hy}$ is $(V, H)$, $b_y$ is
# $(V, 1)$. The same five arrays serve every step. Drawn step by step, the network is a deep
# feed-forward network, one layer per letter, whose layers **share** their weights:

# %% slideshow={"slide_type": "subslide"}
unrolled_figure(NAMASKAR.decode(inputs), NAMASKAR.decode(targets)).canvas

# %% [markdown] slideshow={"slide_type": "subslide"}
# Seven letters go in, so there are seven layers (not eight: the eighth letter is only ever a
# target). The state $h_{t-1}$ is the only way the past reaches step $t$, and it is enough: it
# was computed from $h_{t-2}$ and $x_{t-1}$, and so on back to the first letter, so no extra
# $h_{t-2}$ term is needed for a longer memory. And since a weight is shared by all the layers, its
# gradient is the **sum** of the gradients it receives at each step: the chain rule gives that
# by itself (section 3 derives it); it is not an averaging added afterwards to keep the copies equal.
#
# The package's network, `backprop_lab.rnn.RNN`, is what every cell below runs. Its forward pass:

# %%
show(RNN._forward)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. The forward pass by hand: H = 3, on "nam"
#
# A network with 3 hidden units and its random starting weights (`seed=0`; biases start at 0):

# %% slideshow={"slide_type": "subslide"}
np.set_printoptions(precision=4, suppress=True)
net = RNN(len(LETTERS), 3, seed=0)
for name, p in zip(rnn.NAMES, net.params):
    print(f"{name} {p.shape}:\n{p}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Step 1 reads "n". Multiplying $W_{xh}$ by a one-hot column just picks one of its columns: the
# column of "n". With $h_0 = 0$, the term $W_{hh} h_0$ is zero:

# %%
W_xh, W_hh, b_h, W_hy, b_y = net.params
x1 = np.eye(len(LETTERS))[:, [NAMASKAR.index["n"]]]
a1 = W_xh @ x1 + W_hh @ np.zeros((3, 1)) + b_h
h1 = np.tanh(a1)
y1 = W_hy @ h1 + b_y
p1 = np.exp(y1) / np.exp(y1).sum()
print("x_1 = one-hot of 'n':", x1.ravel())
print("a_1 = W_xh x_1 + W_hh h_0 + b_h =", a1.ravel())
print("h_1 = tanh(a_1)                 =", h1.ravel())
print("y_1 = W_hy h_1 + b_y            =", y1.ravel())
print("p_1 = softmax(y_1)              =", p1.ravel())
print(f"the six probabilities sum to {p1.sum():.12f}")

# %% [markdown]
# Every step of "nam", from `net.forward`, which returns every state $h_0, \dots, h_T$ and every
# prediction $p_1, \dots, p_T$ (its step 1 is the cell above):

# %% slideshow={"slide_type": "subslide"}
def probabilities(ps, read):
    """A table: one row per step, the letter read and the probability of each next letter."""
    print("step  reads  " + "".join(f"{c:>8}" for c in LETTERS) + "   most likely")
    for t, (p, c) in enumerate(zip(ps, read), start=1):
        print(f"{t:>4}  {c:>5}  " + "".join(f"{v:8.4f}" for v in p.ravel()) + f"   {LETTERS[int(np.argmax(p))]:>6}")


nam = NAMASKAR.encode("nam")
hs, ps = net.forward(nam)
for t in range(len(hs)):
    print(f"h_{t} = {hs[t].ravel()}")
print("p_1 from net.forward equals the one by hand:", np.allclose(ps[0], p1))
probabilities(ps, "nam")
J = net.loss(nam, NAMASKAR.encode("ama"))
print(f"J = mean of -log p_t[target] over the 3 steps, targets 'ama': {J:.4f}  (ln 6 = {np.log(6):.4f})")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** untrained, with random weights, about what loss do you expect on "nam"?
#
# *Answer.* About $\ln 6$, since every letter gets a probability near 1/6: the cell prints $J = 1.7832$ against $\ln 6 = 1.7918$.

# %% [markdown]
# Untrained, every letter gets a probability near $1/6$, and the loss is near $\ln 6$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. BPTT derived
#
# Call $\delta_t = \partial J/\partial a_t$, the delta of step $t$ (the series' $dZ$). The
# pre-activation $a_t$ affects $J$ along two roads: through $h_t$ to this step's output $y_t$,
# and through $h_t$ to the next step's $a_{t+1} = W_{xh} x_{t+1} + W_{hh} h_t + b_h$. So the
# gradient at $h_t$ has two terms, and the delta follows:
#
# $$dy_t = \frac{\partial J}{\partial y_t} = \frac1T\,(p_t - \text{onehot}(\text{target}_t)), \qquad
#   dh_t = W_{hy}^T\, dy_t + W_{hh}^T\, \delta_{t+1}, \qquad
#   \delta_t = dh_t \odot (1 - h_t^2),$$
#
# with $\delta_{T+1} = 0$: nothing comes back from beyond the last step. $1 - h_t^2$ is
# $\tanh'(a_t)$ written with the forward pass's $h_t$ (lesson 03). Each shared weight collects a
# term from every step:
#
# $$dW_{xh} = \sum_t \delta_t\, x_t^T, \quad dW_{hh} = \sum_t \delta_t\, h_{t-1}^T, \quad
#   db_h = \sum_t \delta_t, \quad dW_{hy} = \sum_t dy_t\, h_t^T, \quad db_y = \sum_t dy_t.$$

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The recurrence, found by SymPy
#
# As in lesson 03, nothing is taken on faith: SymPy writes a network unrolled over $T = 3$ steps
# ($H = 2$ hidden units, $V = 2$ letters, targets 1, 0, 1), every weight a symbol, and
# differentiates the loss. For $\delta_t$ it differentiates $J$ with respect to the symbols
# $a_t$, running the steps after $t$ forward from $h_t = \tanh(a_t)$. The last step's delta,
# written with $h_3$ and $y_3$ as names:

# %%
u = UnrolledRNN(T=3, H=2, V=2, targets=[1, 0, 1])
display(Math(r"\delta_3 = \frac{\partial J}{\partial a_3} = " + sp.latex(u.compact(u.derived_delta(3), 3))))

# %% [markdown]
# That is $W_{hy}^T\,\frac13(p_3 - \text{onehot}(1)) \odot (1 - h_3^2)$, with
# $p_{3,k} = e^{y_{3,k}} / (e^{y_{3,1}} + e^{y_{3,2}})$. For the earlier steps, SymPy's
# $\partial J/\partial a_t$ is compared with the recurrence built from its own $\delta_{t+1}$
# (with $a_{t+1}$ written in terms of $a_t$):

# %% slideshow={"slide_type": "subslide"}
for t in (3, 2, 1):
    print(f"t = {t}: simplify(dJ/da_{t} - (W_hy^T dy_{t} + W_hh^T delta_{t + 1}) * (1 - h_{t}^2)) == 0:",
          u.recurrence_holds(t))
forgot = u.recurrence(2, next_delta=sp.zeros(2, 1))
print("without the W_hh^T delta_3 term, at t = 2:", is_zero(u.derived_delta(2) - forgot))

# %% [markdown]
# And the weight gradients: SymPy differentiates the whole unrolled loss in every entry of
# every weight, and the sums over time above give the same expressions (here on $T = 2$ steps,
# which keeps the expressions small):

# %%
u2 = UnrolledRNN(T=2, H=2, V=2, targets=[1, 0])
for name, by_diff, as_sum in zip(rnn.NAMES, u2.gradients_by_diff(), u2.gradients_as_sums()):
    print(f"d{name}: diff of J minus the sum over time simplifies to 0: {is_zero(by_diff - as_sum)}")
with_h_t = u2.delta_in_inputs(1) * u2.h_full[1].T + u2.delta_in_inputs(2) * u2.h_full[2].T
print("dW_hh summed with h_t instead of h_(t-1):", is_zero(u2.gradients_by_diff()[1] - with_h_t))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Finally the derivation against the code: SymPy's expressions at random numbers (to 30 digits)
# and `backprop_lab.rnn` on the same numbers, for the 3-step network.

# %%
rng = np.random.default_rng(1)
small = RNN(2, 2, seed=2)
for p in small.params:
    p += rng.normal(scale=0.5, size=p.shape)
small_inputs, small_h0 = [0, 1, 1], rng.uniform(-0.5, 0.5, size=(2, 1))
values = u.values(small.params, small_inputs, small_h0)
loss, grads, _ = small.loss_and_grads(small_inputs, u.targets, small_h0)
print(f"J:  SymPy {u.evaluate(u.J, values)[0, 0]:.15f}   code {loss:.15f}")
for name, symbolic, numeric in zip(rnn.NAMES, u.gradients_by_diff(), grads):
    print(f"d{name:<5} largest difference: {np.abs(u.evaluate(symbolic, values) - numeric).max():.1e}")

# %% [markdown]
# The package runs exactly this recurrence. `bptt` takes the gradients of the outputs $dy_t$,
# so that the same function serves the whole loss here and the loss of the last step alone in
# section 6; `output_gradients` gives $dy_t = (p_t - \text{onehot})/T$:

# %% slideshow={"slide_type": "subslide"}
show(rnn.bptt)
show(rnn.output_gradients)

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Gradient checking
#
# As in lesson 04: nudge every parameter by $\pm h$, recompute the loss, and compare the slopes
# with BPTT's gradient. For the H = 3 network on the seven letters of "namaska":

# %%
_, grads, _ = net.loss_and_grads(inputs, targets)
error, per_param = gradcheck.check_gradients(lambda: net.loss(inputs, targets), net.params, grads)
print(f"relative error {error:.1e}")
print("per parameter: " + ", ".join(f"{n} {e:.1e}" for n, e in zip(rnn.NAMES, per_param)))
print("parameters:", sum(p.size for p in net.params), "so", 2 * sum(p.size for p in net.params), "loss evaluations")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise: the backward step through time
#
# Fill in the body of the loop: one step of BPTT, from the last step back to the first. At each
# step compute $dy$, add this step's terms to the five gradients, form $\delta$ and pass
# `dh_next` $= W_{hh}^T \delta$ back to the step before. In the code, `hs[t + 1]` is the state
# after reading `inputs[t]` and `ps[t]` the prediction made there (`hs[0]` is $h_0$).
# The check names the usual slips: the $\delta$ from $h_{t+1}$ forgotten, $dW_{hh}$ summed with
# $h_t$ instead of $h_{t-1}$, $\tanh'$ taken *at* $h$ instead of written *from* $h$, the $1/T$
# missing, a transpose.

# %% slideshow={"slide_type": "subslide"}
def bptt(inputs, targets, hs, ps, params):
    """(dW_xh, dW_hh, db_h, dW_hy, db_y): the gradients of J by backpropagation through time."""
    W_xh, W_hh, b_h, W_hy, b_y = params
    T, V = len(inputs), W_xh.shape[1]
    dW_xh, dW_hh, db_h, dW_hy, db_y = [np.zeros_like(p) for p in params]
    dh_next = np.zeros_like(hs[0])          # what the step after sends back to h; nothing after the last
    for t in reversed(range(T)):
        x = np.eye(V)[:, [inputs[t]]]       # the one-hot column of the letter read
        h, h_prev, p = hs[t + 1], hs[t], ps[t]
        ### BEGIN SOLUTION
        dy = p.copy()
        dy[targets[t]] -= 1
        dy /= T
        dW_hy += dy @ h.T
        db_y += dy
        dh = W_hy.T @ dy + dh_next
        delta = dh * (1 - h ** 2)
        dW_xh += delta @ x.T
        dW_hh += delta @ h_prev.T
        db_h += delta
        dh_next = W_hh.T @ delta
        ### END SOLUTION
    return dW_xh, dW_hh, db_h, dW_hy, db_y

# %%
bptt_used = check.bptt(bptt)

# %% [markdown] slideshow={"slide_type": "subslide"}
# The cells below use `bptt_used`: yours once it passes, the reference (which runs the package's
# `rnn.bptt`) until then.
# Its gradients for the H = 3 network on "namaska", checked against centred differences:

# %%
hs, ps = net.forward(inputs)
yours = bptt_used(inputs, targets, hs, ps, net.params)
error, _ = gradcheck.check_gradients(lambda: net.loss(inputs, targets), net.params, yours)
print(f"bptt_used: relative error against centred differences {error:.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. Training on namaskar
#
# Adam (lesson 05) with learning rate 0.05 takes one step per pass over the seven letters,
# using `net.loss_and_grads` (the package's BPTT). After each pass we ask the network what follows
# "namaska", and note the first pass after which its answer is r.

# %% slideshow={"slide_type": "subslide"}
net = RNN(len(LETTERS), 3, seed=0)
opt = optim.Adam(lr=0.05)
PASSES = 300
losses, first_r = [], None
for k in tqdm(range(1, PASSES + 1), desc="training"):
    loss, grads, _ = net.loss_and_grads(inputs, targets)
    losses.append(loss)
    opt.step(net.params, grads)
    if first_r is None and net.predict(inputs)[-1] == NAMASKAR.index["r"]:
        first_r = k
final = net.loss(inputs, targets)
print(f"loss {losses[0]:.4f} before training, {losses[99]:.4f} before pass 100, {final:.4f} after {PASSES} passes")
print(f"first answers r after 'namaska' after pass {first_r}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 5): after how many passes will the network first answer "r" after "namaska"?
#
# *Answer.* After pass 19; the loss goes from 1.6383 to 0.0157 after 300 passes, and P(r) ends at 0.9505.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Fed "namaska", the trained network's probabilities for each next letter at every step:

# %%
hs, ps = net.forward(inputs)
probabilities(ps, NAMASKAR.decode(inputs))
print(f"after 'namaska': P(r) = {ps[-1][NAMASKAR.index['r'], 0]:.4f}, the prediction is "
      f"'{LETTERS[int(np.argmax(ps[-1]))]}'")

# %% [markdown]
# The three rows where it reads an "a" (steps 2, 4 and 7) are the test: the same input letter,
# three different answers (m, s, r). Only the state $h$, carrying the letters before, can tell
# them apart. The states the network reads each "a" with:

# %%
for t in (2, 4, 7):
    print(f"step {t}: reads 'a' after '{NAMASKAR.decode(inputs[:t - 1])}', h_{t - 1} = {hs[t - 1].ravel()}, "
          f"predicts '{LETTERS[int(np.argmax(ps[t - 1]))]}'")

# %% [markdown]
# **Sampling the word back.** Give the network "n" alone, take its most likely next letter, feed
# that letter back in, and repeat (`net.generate`):

# %% slideshow={"slide_type": "subslide"}
word = NAMASKAR.decode(net.generate(NAMASKAR.index["n"], 8))
print("from 'n':", word)

# %% slideshow={"slide_type": "subslide"}
with plt.ioff():
    fig, ax = plt.subplots(figsize=(6, 2.6))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
ax.plot(np.arange(1, PASSES + 1), losses)
ax.axvline(first_r, color="C3", ls=":", label=f"first answers r (pass {first_r})")
ax.set(xlabel="pass", ylabel="loss $J$", yscale="log", title="training on namaskar")
ax.legend()
fig.tight_layout()
fig.canvas

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Vanishing and exploding gradients
#
# How much does the error at the last step say about a state long before? By the chain rule the
# gradient at $h_t$ is the gradient at $h_T$ sent back through one Jacobian per step:
#
# $$\frac{\partial J_T}{\partial h_t} = \Big(\prod_{s=t+1}^{T} \operatorname{diag}(1 - h_s^2)\, W_{hh}\Big)^T
#   \frac{\partial J_T}{\partial h_T}.$$
#
# Each factor multiplies the length of the vector by at most $\lVert W_{hh} \rVert$, the largest
# singular value of $W_{hh}$ (since $0 < 1 - h^2 \le 1$). Pascanu, Mikolov and Bengio (2013) drew
# the consequences: if the largest singular value is below 1, the gradient **vanishes**
# exponentially with the distance $T - t$; only if it is above 1 can the gradient **explode**.
#
# The figure uses an RNN with 16 hidden units whose $W_{hh} = \rho\, Q$, $Q$ a random orthogonal
# matrix: every eigenvalue of $W_{hh}$ has modulus $\rho$ (the spectral radius) and every singular
# value is $\rho$, so $\rho^{T-t}\,\lVert \partial J_T/\partial h_T \rVert$ (dashed) is an upper
# bound. It reads "namaskar" over and over for $T$ steps, and the loss is the last step's alone,
# $J_T = -\log p_T[\text{target}]$. **Move the sliders.**

# %% slideshow={"slide_type": "subslide"}
vanishing_explorer(rho=1.0, T=40)

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 6, before the table below the sliders): with $T = 40$, is a spectral radius of 1 safe?
#
# *Answer.* No: the gradient at the first step is $1.6 \times 10^{-3}$ of the last one's (vanishing); at 0.5 it is $4.9 \times 10^{-14}$,
# at 1.5 it stays within a factor 100 (0.89), at 2 it explodes ($3.3 \times 10^{2}$).
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"Eight letters, eight layers."* Section 1: seven letters go in, so seven steps; the eighth is only a target.
# - *"The hidden delta is just the output's error, as in a feed-forward layer."* Section 3: without the $W_{hh}^T \delta_{t+1}$ term SymPy's check says False.
# - *"$dW_{hh}$ pairs $\delta_t$ with $h_t$."* Section 3: it is $h_{t-1}$; the version with $h_t$ checks False.
# - *"Clipping changes the direction of the step."* Section 7: global-norm clipping only shortens it, and rescues the run (loss 0.0108 against 1.2093).
# - *"Truncation is free."* Section 8: chunks of 2 learn the repeated first letter in 0 of 5 runs, full BPTT in 5 of 5.

# %% [markdown]
# The same numbers for a few settings, $T = 40$, with the size of the gradient ten steps back
# and the bound at the first step:

# %% slideshow={"slide_type": "subslide"}
for rho in (0.5, 1.0, 1.5, 2.0, 3.0):
    _, norms, bound, message = gradient_flow.flow(rho, 40)
    print(message)
    print(f"    ten steps back: {norms[-11] / norms[-1]:.1e} times the last step's; "
          f"the bound at step 1: {bound[0] / norms[-1]:.1e}")

# %% [markdown]
# At $\rho = 0.5$ the error at the end is more than a thousand times weaker ten steps back: a
# network in this state cannot learn that a letter matters ten steps later. At $\rho = 2$ and 3
# the gradient explodes, though far less than the bound allows: a larger $W_{hh}$ pushes the
# tanh units towards $\pm 1$, where $1 - h^2$ is small.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. Gradient clipping rescues a run that explodes
#
# An exploded gradient gives one enormous step that can throw the weights far from anywhere
# useful. Pascanu, Mikolov and Bengio's remedy: when the norm of all the gradients together is
# above a threshold, scale them down to it. The direction is kept; only the step is shortened.

# %%
show(clipping.clip_by_global_norm)

# %% [markdown]
# The run: the 16-unit network with spectral radius $\rho = 2$ learns 64 letters of "namaskar"
# repeated, full BPTT, plain SGD with learning rate 0.3, once as it is and once with the gradient
# clipped to norm 1 (every update of `rnn_training.train`):

# %% slideshow={"slide_type": "subslide"}
runs = clipping_runs()
clipping_figure(runs).canvas

# %% slideshow={"slide_type": "subslide"}
for label, (run_losses, norms, trained) in runs.items():
    print(f"{label}: largest gradient norm {norms.max():.1f} (update {int(np.argmax(norms)) + 1}), "
          f"loss {run_losses[0]:.3f} -> {run_losses[-1]:.4f} after {len(run_losses)} passes")
    print(f"    after training: |h| > 0.99 for {saturated(trained):.1%} of the hidden values, "
          f"||W_hh|| = {np.linalg.norm(trained.params[1], 2):.1f}")

# %% [markdown]
# Without clipping, one update of norm in the thousands throws the weights where the tanh
# units saturate: nearly every $|h|$ ends above 0.99, where $1 - h^2$ lets almost no gradient
# through, and the loss hardly moves again. Clipped, the
# same gradients give steps of length $\eta \cdot 1$ at most, and the network learns the text.
# Karpathy's well-known minimal character RNN, min-char-rnn (2015), clips instead each entry of
# each gradient to $[-5, 5]$, which also changes the direction; and its loss is the sum over
# the steps, not the mean, so its gradients are $T$ times ours.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. Truncated BPTT
#
# On a long text, backpropagating through every step back to the first costs memory and time
# in proportion to the length. **Truncated BPTT** cuts the text into chunks of $k$ steps. The
# forward pass carries $h$ from one chunk into the next (`h0=h_last`), so the network still
# reads everything; but each chunk's backward pass stops at its first step, and one update is
# made per chunk. The gradient that would have reached the earlier chunk is dropped.
#
# Take "snaaaa" cut after three letters, and the loss of the second chunk (the mean over its
# three steps). Read with the carried state, it is the same number as in the whole text; but its
# gradient no longer reaches step 1, where "s" was read. In $dW_{xh}$, the column of "s"
# collects $\delta_1$ only (the only step that reads "s"):

# %% slideshow={"slide_type": "subslide"}
demo = RNN(len(LETTERS), 4, seed=3)
read, nxt = NAMASKAR.encode("snaaaa"), NAMASKAR.encode("naaaak")
hs, ps = demo.forward(read)
dys = rnn.output_gradients(ps, nxt)
dys = [0 * dy for dy in dys[:3]] + [2 * dy for dy in dys[3:]]      # the last 3 steps' mean: 1/3, not 1/6
whole, _ = rnn.bptt(demo.params, read, hs, dys)
_, _, h_carried = demo.loss_and_grads(read[:3], nxt[:3])
chunk_loss, cut, _ = demo.loss_and_grads(read[3:], nxt[3:], h_carried)
s = NAMASKAR.index["s"]
print(f"loss of the second chunk: {chunk_loss:.6f} from the carried state, "
      f"{np.mean([-np.log(p[k, 0]) for p, k in zip(ps[3:], nxt[3:])]):.6f} in the whole text")
print(f"its gradient, largest entry in W_xh's 's' column: through every step "
      f"{np.abs(whole[0][:, s]).max():.2e}, truncated {np.abs(cut[0][:, s]).max():.2e}")
print(f"and for W_hy (inside the chunk) the two agree: {np.allclose(whole[3], cut[3])}")

# %% [markdown]
# **What it can no longer learn.** Two words, "maaaam" and "saaaas": the last letter repeats the
# first, four letters back. With full BPTT the error at the last letter reaches the first one,
# and the network learns to keep it in $h$. Cut into chunks of 2, the error at the last letter
# never reaches a step where the first letter is read: the network can only use what its
# state happens to keep, and no gradient ever teaches it to keep the first letter. Five networks
# (seeds 0–4), 12 hidden units, Adam at 0.05, 200 passes; the number is the probability each
# gives the right last letter, the lower of the two words:

# %% slideshow={"slide_type": "subslide"}
words = [NAMASKAR.next_letter_task(w) for w in ("maaaam", "saaaas")]
SEEDS = range(5)
with tqdm(total=2 * len(SEEDS) * 200, desc="full and truncated BPTT") as bar:
    for chunk in (None, 2):
        right = []
        for seed in SEEDS:
            model = RNN(len(LETTERS), 12, seed=seed)
            rnn_training.train(model, optim.Adam(lr=0.05), words, 200, chunk=chunk, progress=bar)
            right.append(min(model.forward(x)[1][-1][y[-1], 0] for x, y in words))
        label = "full BPTT" if chunk is None else f"chunks of {chunk}"
        print(f"{label:>12}: " + "  ".join(f"{p:.3f}" for p in right) +
              f"   learned (> 0.9) in {sum(p > 0.9 for p in right)} of {len(right)}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# Truncation keeps the cost of a step independent of the text's length, and is how long texts
# are trained in practice (often with chunks of tens or hundreds of steps), at the price of
# dependencies longer than a chunk, which can then be learned only by luck.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Summary
#
# - A recurrent network applies the same weights at every step; unrolled, it is a deep
#   feed-forward network with shared weights, and backpropagation on the unrolled network is
#   BPTT (Rumelhart, Hinton and Williams 1986; Werbos 1990).
# - $\delta_t = (W_{hy}^T dy_t + W_{hh}^T \delta_{t+1}) \odot (1 - h_t^2)$, with
#   $dy_t = (p_t - \text{onehot})/T$; each weight's gradient is a sum over the steps. SymPy
#   derived both, and gradient checking confirmed the code.
# - The gradient sent back $k$ steps is multiplied by $k$ Jacobians: it vanishes when
#   $\lVert W_{hh}\rVert < 1$ and can explode only when $\lVert W_{hh}\rVert > 1$ (Pascanu,
#   Mikolov and Bengio 2013). Clipping by the global norm tames the explosion; it does nothing
#   for vanishing, which is what gated networks (LSTM, GRU) were designed for.
# - Truncated BPTT carries the state forward but cuts the gradient, so dependencies longer
#   than a chunk are no longer learned.
#
# **The works.** D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations by
# back-propagating errors", *Nature* 323 (1986). P. J. Werbos, "Backpropagation through time:
# what it does and how to do it", *Proceedings of the IEEE* 78 (1990). R. Pascanu, T. Mikolov,
# Y. Bengio, "On the difficulty of training recurrent neural networks", ICML 2013.
# A. Karpathy, `min-char-rnn.py` (2015), a character RNN with BPTT in about a hundred lines of
# NumPy, in the same notation as here ($W_{xh}, W_{hh}, W_{hy}$, `dhnext`). R. J. Williams and
# J. Peng, "An efficient gradient-based algorithm for on-line training of recurrent network
# trajectories", *Neural Computation* 2 (1990), for truncated BPTT.
