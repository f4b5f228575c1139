# %% [markdown]
# # 00 · Start here
# > how the series works: running cells, sliders, exercises and their checks, the map of lessons, the notation
#
# Backprop Lab takes you from a single neuron to the whole family of optimizers that train neural
# networks. Every number in it is computed in front of you, every formula is derived and then
# checked against numbers, and the knobs that matter are sliders you can move.
#
# ## How to use a notebook
#
# A notebook is a list of **cells**. Text cells (like this one) explain; code cells run Python.
#
# - **Run a cell**: click it and press **Shift + Enter**. Its output appears below it, and the
#   next cell is selected. Run the cells in order, top to bottom.
# - **Run everything**: the menu *Run → Run All Cells*. Every lesson runs top to bottom as it
#   is, even before you do its exercises.
# - **Start again**: *Kernel → Restart Kernel and Clear Outputs of All Cells…* forgets everything
#   that was computed; your edits stay.
#
# Try it: run the cell below.

# %%
# %matplotlib widget
import numpy as np

from backprop_lab.checks import start_here as check
from backprop_lab.widgets.tour import sigmoid_readout

print("Hello from Python:", 2 + 2)

# %% [markdown]
# ## Sliders
#
# Some cells show a **slider**. Drag it, or click it and press the arrow keys; what depends on it
# is redrawn at once. Move this one: the two points ride along the sigmoid $\sigma(z)$ and its
# derivative $\sigma'(z)$ as $z$ changes, and the line under the plot gives their values (lesson 01
# explains both).

# %%
sigmoid_readout(z=0.0)

# %% [markdown]
# ## Exercises, checks and solutions
#
# An exercise is a code cell with `raise NotImplementedError()` where your code goes. Replace
# those lines with your answer and run the cell, then run the **check** below it. The check runs
# your code every time and answers in a box with one word: **Correct**, **Not yet** (and what is
# wrong, not only that something is: a missing bias, a sign, a transposed matrix) or **To do**
# (not attempted yet). Edit, run your cell again, run the check again.
#
# The check gives the cells below a name of their own, such as `weighted_sum_used`: your function
# once it is correct, the package's reference until then, and the box says which. So the rest of
# the lesson works whatever your answer, and a number printed after a "Not yet" is the
# reference's, not yours. Your own `weighted_sum` is never replaced.
#
# Stuck? Under each exercise, **Reveal the solution** opens the answer. Try first: the check is
# there to help you find the slip yourself. (Teachers: `notebooks/solutions/` holds every lesson
# with the exercises solved.)
#
# ### Practice exercise: the weighted sum
#
# Write `weighted_sum(w, x, b)`, returning $z = w_1 x_1 + \dots + w_n x_n + b$ for NumPy arrays
# `w` and `x` and a number `b`. Then run the check. Try a wrong answer first, such as forgetting
# `b`, to see what the check says.

# %%
def weighted_sum(w, x, b):
    ### BEGIN SOLUTION
    return float(np.dot(w, x) + b)
    ### END SOLUTION

# %%
weighted_sum_used = check.weighted_sum(weighted_sum)

# %%
print("weighted_sum_used([1, 2], [3, 4], 0.5) =", weighted_sum_used(np.array([1, 2]), np.array([3, 4]), 0.5))

# %% [markdown]
# ## The map of lessons
#
# <!-- lesson map -->
# <!-- /lesson map -->
#
# ## Notation
#
# The series uses one notation throughout, that of Andrew Ng's deep-learning course. Layers are
# numbered $l = 0$ (the input) to $L$ (the output); layer $l$ has $n_l$ neurons. (Stanford's UFLDL
# tutorial, whose derivation lesson 03 follows, numbers the input as layer 1; lesson 03 shows the
# translation once.)
#
# | symbol | code | shape | meaning |
# | --- | --- | --- | --- |
# | $X$ | `X` | $(n_0, m)$ | a batch of $m$ examples, **one column per example** |
# | $W^{[l]}$ | `W[l]`, `W1` | $(n_l, n_{l-1})$ | the weights into layer $l$ |
# | $b^{[l]}$ | `b[l]`, `b1` | $(n_l, 1)$ | the biases of layer $l$, broadcast over the batch |
# | $Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}$ | `Z1` | $(n_l, m)$ | the weighted sums |
# | $A^{[l]} = f(Z^{[l]})$, $A^{[0]} = X$ | `A1` | $(n_l, m)$ | the activations |
# | $J$ | `loss` | scalar | the loss, averaged over the $m$ examples |
# | $\delta^{[l]} = \partial J / \partial Z^{[l]}$ | `dZ1` | $(n_l, m)$ | the error term (delta) of layer $l$ |
# | $\partial J / \partial W^{[l]}$ | `dW1` | $(n_l, n_{l-1})$ | a gradient: `d` + the name, with that thing's shape |
# | $\lambda$ | `weight_decay` | scalar | weight decay, adding $\frac{\lambda}{2}\sum W^2$ over weights (not biases) |
# | $\eta$ | `lr` | scalar | the learning rate |
#
# Lesson 02 names single weights $w_1, \dots, w_8$, as the classic worked example does; lesson
# 03 connects those names to the matrices above. PyTorch puts examples in rows instead (batch
# first); lesson 04 shows the translation once.
#
# Ready? Go on to lesson 01.
