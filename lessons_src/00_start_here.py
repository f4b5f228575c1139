# %% [markdown] slideshow={"slide_type": "slide"}
# # 00 · Start here
# > how the series works: running cells, sliders, exercises and their checks, the map of lessons, the notation
#
# Backprop Lab takes you from a single neuron to the whole family of optimizers that train neural
# networks. Every number in it is computed in front of you, every formula is derived and then
# checked against numbers, and the knobs that matter are sliders you can move.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - run one cell (Shift + Enter) and the whole notebook (Run → Run All Cells), and restart the kernel;
# - move a slider with the mouse and with the arrow keys, and read what it changes;
# - answer an exercise, run its check, and read the three verdicts: **Correct**, **Not yet**, **To do**;
# - find a lesson in the map and read the notation table (`W[l]` has shape $(n_l, n_{l-1})$, one column per example).
#
# **Plan for a 45-minute class.**
# - 0–10 min: how to use a notebook; everyone runs the first code cell. Pause: who sees `Hello from Python: 4`?
# - 10–20 min: the sigmoid slider. Pause for the "predict, then run" question below before anyone moves it.
# - 20–35 min: the practice exercise. Everyone writes `weighted_sum`, runs the check; then breaks it on purpose to see **Not yet**.
# - 35–45 min: the map of lessons and the notation table; lesson 01 as homework.
#
# **Plan for a 90-minute class.**
# - 0–45 min: as above, without the homework.
# - 45–55 min: restart the kernel and Run All together: the check says **To do** and the cell below it still runs with the reference. Pause: why does nothing stop?
# - 55–90 min: lesson 01's sections 1 and 2 (the weighted sum, the activations and exercise 1).

# %% [markdown] slideshow={"slide_type": "slide"}
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

# %% [markdown] slideshow={"slide_type": "slide"}
# ## Sliders
#
# Some cells show a **slider**. Drag it, or click it and press the arrow keys; what depends on it
# is redrawn at once. Move this one: the two points ride along the sigmoid $\sigma(z)$ and its
# derivative $\sigma'(z)$ as $z$ changes, and the line under the plot gives their values (lesson 01
# explains both).

# %% slideshow={"slide_type": "subslide"}
sigmoid_readout(z=0.0)

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (before moving the slider): at $z = 0$, what are $\sigma(z)$ and $\sigma'(z)$? And at $z = 2$?
#
# *Answer.* The line under the plot reads σ(z) = 0.5000 and σ′(z) = 0.2500 at z = +0.00, and σ(z) = 0.8808,
# σ′(z) = 0.1050 at z = +2.00: the slope is largest at $0$ and shrinks on both sides.

# %% [markdown] slideshow={"slide_type": "slide"}
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

# %% [markdown] slideshow={"slide_type": "subslide"}
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

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** what does `weighted_sum_used([1, 2], [3, 4], 0.5)` print?
#
# *Answer.* 11.5, that is $1 \cdot 3 + 2 \cdot 4 + 0.5$; the same with the reference while the exercise is still **To do**.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"I fixed my code, so the check is green now."* The check judges the code only when it runs: run the exercise cell, then the check again.
# - *"To do means the notebook is broken."* It is not an error: Run All goes on, and the cells below use `weighted_sum_used`, the reference until the exercise is right.
# - *"Cells run from top to bottom by themselves."* They run in the order they are run; the number in `[ ]` shows it. When in doubt: restart the kernel and Run All.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## The map of lessons
#
# <!-- lesson map -->
# <!-- /lesson map -->

# %% [markdown] slideshow={"slide_type": "slide"}
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
