# %% [markdown] slideshow={"slide_type": "slide"}
# # 02 · A two-layer network, calculated by hand
# > one 2-2-2 network through one training step, every number shown: forward pass, errors, the chain rule for w5 and w1, deltas, the update, 10,000 steps, a step-through, and the published figures checked
#
# Lesson 01 trained one neuron. Now the neurons are in layers, and the error at the output has to
# be sent back to weights that never touch it directly: this is **backpropagation**. We follow one
# small network through one training step, number by number, the way it is often worked on paper.
#
# The network has two inputs $i_1, i_2$, two hidden neurons $h_1, h_2$ and two outputs
# $o_1, o_2$. Every neuron is a sigmoid $\sigma(x) = 1/(1 + e^{-x})$. One bias $b_1$ feeds both
# hidden neurons and one bias $b_2$ both outputs. The error is the squared error
# $E_{total} = \tfrac12 (t_1 - out_{o1})^2 + \tfrac12 (t_2 - out_{o2})^2$ for the targets $t_1, t_2$.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - carry out the forward pass of the 2-2-2 network and the total error by hand;
# - compute an output delta and $\partial E/\partial w_5 = \delta_{o1}\, out_{h1}$;
# - compute a hidden weight's gradient by summing over **both** paths to the outputs;
# - update the weights only after every gradient is computed, and check every gradient with finite differences;
# - read the published figures of the classic worked example against the computed ones and say why five differ.
#
# **Plan for a 45-minute class.**
# - 0–10 min: sections 1 and 2 (the network, the forward pass, $w_5$ factor by factor). Pause after the forward pass.
# - 10–25 min: sections 3 and 4 (output deltas, the hidden weight $w_1$ and its two paths); exercise 1 together.
# - 25–35 min: section 5 (the update); pause for the question on the error after one step.
# - 35–45 min: section 8, the step-through, walked with **Next** on the projector.
#
# **Plan for a 90-minute class.**
# - 0–15 min: sections 1 and 2, with exercises 1 and 2 done by everyone.
# - 15–35 min: sections 3 and 4, exercise 3 ($\partial E/\partial w_1$); pause on the two-paths question.
# - 35–50 min: section 5 and the finite-difference check of all eight gradients.
# - 50–65 min: sections 6 and 7 (10,000 steps; the biases trained too).
# - 65–80 min: section 8, the step-through: learners predict each number before **Next**.
# - 80–90 min: section 9, the published figures and the slip that explains them.

# %% slideshow={"slide_type": "subslide"}
# %matplotlib widget
import inspect

import matplotlib.pyplot as plt
from IPython.display import Code, Markdown, display

from backprop_lab import two_layer
from backprop_lab.checks import two_layer as check
from backprop_lab.widgets.bias_toggle import bias_toggle
from backprop_lab.widgets.network_diagram import network_figure
from backprop_lab.widgets.step_through import step_through

w, b = two_layer.WEIGHTS, two_layer.BIASES
(i1, i2), (t1, t2), lr = two_layer.INPUTS, two_layer.TARGETS, two_layer.LEARNING_RATE
print("weights:", w)
print("biases: ", b)
print(f"inputs i1 = {i1}, i2 = {i2};  targets t1 = {t1}, t2 = {t2};  learning rate η = {lr}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The network, and the forward pass
#
# Each weight sits on its edge; the numbers beside each neuron are computed by the forward pass
# below: the net input ($net$), the output ($out = \sigma(net)$) and, at the outputs, the error.

# %% slideshow={"slide_type": "subslide"}
network_figure().canvas

# %% [markdown] slideshow={"slide_type": "subslide"}
# Each neuron adds up its weighted inputs and its bias, then squashes the sum with $\sigma$:
#
# $$net_{h1} = w_1 i_1 + w_2 i_2 + b_1, \quad out_{h1} = \sigma(net_{h1}), \qquad
#   net_{o1} = w_5\, out_{h1} + w_6\, out_{h2} + b_2, \quad out_{o1} = \sigma(net_{o1}),$$
#
# and the same for $h_2$ (with $w_3, w_4$) and $o_2$ (with $w_7, w_8$). Every number to 9 decimals:

# %%
f = two_layer.forward()
print(f"net_h1 = w1*i1 + w2*i2 + b1 = {w['w1']}*{i1} + {w['w2']}*{i2} + {b['b1']} = {f['net_h1']:.9f}")
print(f"out_h1 = sigmoid(net_h1)                          = {f['out_h1']:.9f}")
print(f"net_h2 = w3*i1 + w4*i2 + b1 = {w['w3']}*{i1} + {w['w4']}*{i2} + {b['b1']} = {f['net_h2']:.9f}")
print(f"out_h2 = sigmoid(net_h2)                          = {f['out_h2']:.9f}")
print(f"net_o1 = w5*out_h1 + w6*out_h2 + b2               = {f['net_o1']:.9f}")
print(f"out_o1 = sigmoid(net_o1)                          = {f['out_o1']:.9f}")
print(f"net_o2 = w7*out_h1 + w8*out_h2 + b2               = {f['net_o2']:.9f}")
print(f"out_o2 = sigmoid(net_o2)                          = {f['out_o2']:.9f}")
print(f"E_o1   = 1/2 (t1 - out_o1)^2                      = {f['E_o1']:.9f}")
print(f"E_o2   = 1/2 (t2 - out_o2)^2                      = {f['E_o2']:.9f}")
print(f"E_total = E_o1 + E_o2                             = {f['E_total']:.9f}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** which output is further from its target, and by how much is the total error made of it?
#
# *Answer.* $o_1$: $out_{o1} = 0.751365070$ against the target 0.01, so $E_{o1} = 0.274811083$ of $E_{total} = 0.298371109$;
# $o_2$ is closer ($0.772928465$ against 0.99, $E_{o2} = 0.023560026$).

# %% [markdown] slideshow={"slide_type": "subslide"}
# The outputs are far from the targets, $o_1$ above all. To learn, each weight must move a
# little in the direction that lowers $E_{total}$: we need $\partial E_{total} / \partial w$
# for every weight.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. An output weight: $w_5$, factor by factor
#
# $w_5$ acts on $E_{total}$ only through $net_{o1}$ and then $out_{o1}$. The chain rule
# multiplies the three local derivatives along that path:
#
# $$\frac{\partial E_{total}}{\partial w_5} =
#   \underbrace{\frac{\partial E_{total}}{\partial out_{o1}}}_{out_{o1} - t_1} \cdot
#   \underbrace{\frac{\partial out_{o1}}{\partial net_{o1}}}_{out_{o1}(1 - out_{o1})} \cdot
#   \underbrace{\frac{\partial net_{o1}}{\partial w_5}}_{out_{h1}}$$
#
# The first factor comes from $\tfrac12 (t_1 - out_{o1})^2$ (the $E_{o2}$ term does not depend on
# $out_{o1}$); the second is $\sigma'(net_{o1})$, which for the sigmoid equals $out(1 - out)$
# with $out = \sigma(net)$; the third is what $w_5$ multiplies.

# %%
dE_dout_o1 = f["out_o1"] - t1
dout_dnet_o1 = f["out_o1"] * (1 - f["out_o1"])
dnet_o1_dw5 = f["out_h1"]
print(f"dE_total/dout_o1 = out_o1 - t1          = {dE_dout_o1:.9f}")
print(f"dout_o1/dnet_o1  = out_o1 (1 - out_o1)   = {dout_dnet_o1:.9f}")
print(f"dnet_o1/dw5      = out_h1                = {dnet_o1_dw5:.9f}")
print(f"dE_total/dw5     = product               = {dE_dout_o1 * dout_dnet_o1 * dnet_o1_dw5:.9f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# The first two factors together are the **delta** of $o_1$,
# $\delta_{o1} = \partial E_{total} / \partial net_{o1}$: how much the error changes when the net
# input of $o_1$ moves. Then $\partial E_{total}/\partial w_5 = \delta_{o1} \cdot out_{h1}$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: $\delta_{o1}$
#
# Write `delta_o1(f, t1)`: `f` is the dict of forward-pass values (`f["out_o1"]`,
# `f["net_o1"]`, ...) and `t1` the target of $o_1$.

# %%
def delta_o1(f, t1):
    ### BEGIN SOLUTION
    return (f["out_o1"] - t1) * f["out_o1"] * (1 - f["out_o1"])
    ### END SOLUTION

# %%
delta_o1_used = check.delta_o1(delta_o1)

# %%
print(f"delta_o1_used(f, t1) = {delta_o1_used(f, t1):.9f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: $\partial E_{total} / \partial w_5$
#
# Write `dE_dw5(f, t1)`, the gradient of the total error with respect to $w_5$. You may call
# `delta_o1_used(f, t1)`: your `delta_o1` once its check said Correct, the reference until then.

# %%
def dE_dw5(f, t1):
    ### BEGIN SOLUTION
    return delta_o1_used(f, t1) * f["out_h1"]
    ### END SOLUTION

# %%
dE_dw5_used = check.dE_dw5(dE_dw5)

# %%
print(f"dE_total/dw5 = dE_dw5_used(f, t1) = {dE_dw5_used(f, t1):.9f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The other output weights, and the output deltas
#
# $w_6$ also enters $o_1$, so it shares $\delta_{o1}$ and multiplies $out_{h2}$ instead.
# $w_7$ and $w_8$ enter $o_2$ and use $\delta_{o2} = (out_{o2} - t_2)\, out_{o2}(1 - out_{o2})$.
# The rule for every weight is the same: **the delta of the neuron it enters, times the value it
# multiplies**.

# %%
g = two_layer.backward()
print(f"delta_o1 = (out_o1 - t1) out_o1 (1 - out_o1) = {g['delta_o1']:.9f}")
print(f"delta_o2 = (out_o2 - t2) out_o2 (1 - out_o2) = {g['delta_o2']:.9f}")
for name, (delta, x) in {"w5": ("delta_o1", "out_h1"), "w6": ("delta_o1", "out_h2"),
                         "w7": ("delta_o2", "out_h1"), "w8": ("delta_o2", "out_h2")}.items():
    print(f"dE/d{name} = {delta} * {x} = {g[delta]:.9f} * {f[x]:.9f} = {g[name]:.9f}")

# %% [markdown]
# $\delta_{o2}$ is negative: $out_{o2}$ is below its target, so raising $w_7$ and $w_8$ lowers
# the error, and the update will raise them.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. A hidden weight: $w_1$ reaches the error along two paths
#
# $w_1$ changes $net_{h1}$, hence $out_{h1}$, and $out_{h1}$ feeds **both** outputs: through
# $w_5$ into $o_1$ and through $w_7$ into $o_2$. Both errors change, so both paths count:
#
# $$\frac{\partial E_{total}}{\partial out_{h1}} = \frac{\partial E_{o1}}{\partial out_{h1}} + \frac{\partial E_{o2}}{\partial out_{h1}}
#   = \delta_{o1} w_5 + \delta_{o2} w_7, \qquad
# \frac{\partial E_{total}}{\partial w_1} = \frac{\partial E_{total}}{\partial out_{h1}} \cdot out_{h1}(1 - out_{h1}) \cdot i_1 .$$

# %%
via_o1, via_o2 = g["delta_o1"] * w["w5"], g["delta_o2"] * w["w7"]
dE_dout_h1 = via_o1 + via_o2
dout_dnet_h1 = f["out_h1"] * (1 - f["out_h1"])
print(f"path through o1: dE_o1/dout_h1 = delta_o1 * w5 = {via_o1:.9f}")
print(f"path through o2: dE_o2/dout_h1 = delta_o2 * w7 = {via_o2:.9f}")
print(f"both:            dE_total/dout_h1             = {dE_dout_h1:.9f}")
print(f"dout_h1/dnet_h1 = out_h1 (1 - out_h1)          = {dout_dnet_h1:.9f}")
print(f"dnet_h1/dw1     = i1                           = {i1}")
print(f"dE_total/dw1    = product                      = {dE_dout_h1 * dout_dnet_h1 * i1:.9f}")
print(f"only the path through o1 would give            = {via_o1 * dout_dnet_h1 * i1:.9f}  (wrong)")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 4): if we followed only the path through $o_1$, would $\partial E/\partial w_1$ come out larger or smaller?
#
# *Answer.* Larger: 0.000668396 instead of 0.000438568, because the path through $o_2$ is negative
# ($\delta_{o2}\, w_7 = -0.019049118$): $out_{o2}$ is below its target.

# %% [markdown] slideshow={"slide_type": "subslide"}
# The bracket times $out_{h1}(1 - out_{h1})$ is the **hidden delta**
# $\delta_{h1} = \partial E_{total} / \partial net_{h1}$, and $\delta_{h2}$ likewise (through
# $w_6$ and $w_8$). This is the whole of backpropagation: a neuron's delta is the sum of the
# deltas it feeds, weighted by the connecting weights, times its own $\sigma'$. Here it is in the
# package, the code every number of this lesson comes from:

# %%
display(Code(inspect.getsource(two_layer.hidden_deltas), language="python"))
print(f"delta_h1 = {g['delta_h1']:.9f}")
print(f"delta_h2 = {g['delta_h2']:.9f}")
for name, (delta, x) in {"w1": ("delta_h1", "i1"), "w2": ("delta_h1", "i2"),
                         "w3": ("delta_h2", "i1"), "w4": ("delta_h2", "i2")}.items():
    xv = {"i1": i1, "i2": i2}[x]
    print(f"dE/d{name} = {delta} * {x} = {g[delta]:.9f} * {xv} = {g[name]:.9f}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 3: $\partial E_{total} / \partial w_1$
#
# Write `dE_dw1(f, weights, inputs, targets)`. `weights` is the dict `{"w1": ..., "w8": ...}`,
# `inputs` is `(i1, i2)` and `targets` is `(t1, t2)`. Count both paths, and use the weights of
# the forward pass.

# %%
def dE_dw1(f, weights, inputs, targets):
    ### BEGIN SOLUTION
    d_o1 = (f["out_o1"] - targets[0]) * f["out_o1"] * (1 - f["out_o1"])
    d_o2 = (f["out_o2"] - targets[1]) * f["out_o2"] * (1 - f["out_o2"])
    d_h1 = (d_o1 * weights["w5"] + d_o2 * weights["w7"]) * f["out_h1"] * (1 - f["out_h1"])
    return d_h1 * inputs[0]
    ### END SOLUTION

# %%
dE_dw1_used = check.dE_dw1(dE_dw1)

# %%
print(f"dE_total/dw1 = dE_dw1_used(...) = {dE_dw1_used(f, w, (i1, i2), (t1, t2)):.9f}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. The update, and the error after it
#
# Each weight takes a step against its gradient, $w^+ = w - \eta\, \partial E_{total}/\partial w$
# with $\eta$ the learning rate. All eight gradients are computed **first**, with the weights of
# the forward pass; only then do the weights change. (Updating $w_5$ before computing
# $\delta_{h1}$ is a classic slip; section 9 shows its trace in published figures.) The biases
# stay as they are, as in the classic example; section 7 trains them too.

# %%
new = two_layer.update(w, g)
for name in ("w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"):
    print(f"{name}+ = {w[name]} - {lr} * {g[name]:+.9f} = {new[name]:.9f}")
E_after = two_layer.forward(new)["E_total"]
print(f"\nE_total before the update: {f['E_total']:.9f}")
print(f"E_total after the update:  {E_after:.9f}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run** (section 5): after one step with $\eta = 0.5$, does the error fall a lot or a little?
#
# *Answer.* A little: from 0.298371109 to 0.291027774. Section 6 shows that 10,000 such steps bring it to 0.0000351019.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"Update $w_5$ first, then use it for the hidden deltas."* Section 5 computes all gradients first; section 9 shows that the slip reproduces the published error after one update (0.291027924 instead of 0.291027774).
# - *"A hidden weight's gradient comes through one output."* Section 4 sums both paths and prints the wrong one-path value beside it.
# - *"A negative delta means an error in the calculation."* $\delta_{o2} = -0.038098237$ only says $out_{o2}$ is below its target: the update raises $w_7$ and $w_8$.
# - *"Biases do not learn."* Section 7 trains them too: 8.1 times lower error after 10,000 steps.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Is every gradient right? Nudge each weight by $\pm h$ and take the centred difference of
# $E_{total}$ (lesson 01's check). It knows nothing of deltas, yet agrees to many digits.

# %%
h = 1e-6
for name in w:
    up, down = two_layer.forward({**w, name: w[name] + h}), two_layer.forward({**w, name: w[name] - h})
    centred = (up["E_total"] - down["E_total"]) / (2 * h)
    print(f"dE/d{name}: backprop {g[name]:+.12f}   finite difference {centred:+.12f}   gap {abs(g[name] - centred):.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Training: 10,000 steps
#
# One step lowered the error a little. Repeating the same step, forward, backward and update,
# drives the outputs towards their targets.

# %%
w_end, b_end, errors = two_layer.train(10_000)
f_end = two_layer.forward(w_end, b_end)
print(f"E_total after 1 step:       {errors[1]:.9f}")
print(f"E_total after 10,000 steps: {errors[-1]:.10f}")
print(f"outputs after 10,000 steps: out_o1 = {f_end['out_o1']:.9f} (target {t1}),"
      f" out_o2 = {f_end['out_o2']:.9f} (target {t2})")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 7. What changes when the biases learn too
#
# The classic example keeps $b_1$ and $b_2$ fixed. They have gradients like any weight:
# $b_2$ feeds both outputs, so $\partial E/\partial b_2 = \delta_{o1} + \delta_{o2}$, and
# $\partial E/\partial b_1 = \delta_{h1} + \delta_{h2}$. Tick the box to add the run that
# trains them too: the loss curve (log scale) and the final numbers appear beside the classic run.

# %% slideshow={"slide_type": "subslide"}
bias_toggle()

# %% slideshow={"slide_type": "subslide"}
_, b_both, errors_both = two_layer.train(10_000, update_biases=True)
print(f"{'E_total':<19} | {'weights only':>14} | {'weights and biases':>18}")
print(f"{'after 1 step':<19} | {errors[1]:14.10f} | {errors_both[1]:18.10f}")
print(f"{'after 10,000 steps':<19} | {errors[-1]:14.10f} | {errors_both[-1]:18.10f}")
print(f"the biases end at b1 = {b_both['b1']:.9f}, b2 = {b_both['b2']:.9f}")
print(f"error ratio after 10,000 steps: {errors[-1] / errors_both[-1]:.1f} times lower with the biases trained")

# %% [markdown]
# With two more parameters free to move, the error falls faster. The first step changes too:
# every weight gradient is the same (the biases move after the gradients are taken), but the
# new biases shift every net input of the next forward pass.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 8. Step through it
#
# One training step, one operation at a time: **Next** and **Back**, or drag the **step** slider.
# The neuron or edge in use is highlighted, the formula below the diagram shows the numbers
# substituted, and the values are written on the diagram as they become known. A teacher can
# project this and walk a class through the forward pass, the errors, the deltas and the update.

# %% slideshow={"slide_type": "subslide"}
step_through()

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **At the step-through** (section 8): walk it with **Next** on the projector and ask for each number before showing it; **Back** returns.
# The slider above the diagram jumps to any step. Step 1 is the net input of $h_1$, 0.3775.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 9. The published figures beside ours
#
# This example has circulated for years with figures attached; the most copied set comes from
# the post named below. Here is each of its figures beside the value computed in this lesson,
# rounded to the decimals the post printed. The computed value is the result.

# %%
rows = two_layer.comparison_rows()
lines = [f"Source: {two_layer.PUBLISHED_SOURCE}", "",
         "| quantity | published | computed here | difference | agrees at the printed precision |",
         "| --- | --- | --- | --- | --- |"]
for name, what, published, computed, diff, ok in rows:
    lines.append(f"| {what} | {published} | {computed:.12f} | {diff:+.2e} | {'yes' if ok else '**no**'} |")
display(Markdown("\n".join(lines)))
print(f"{sum(r[-1] for r in rows)} of {len(rows)} figures agree; the others:",
      ", ".join(r[0] for r in rows if not r[-1]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# Why the others differ:
#
# - **The error after one update** is what you get if the hidden deltas are computed with
#   $w_5 \dots w_8$ *already updated*: the slip the post itself warns against (it says to use the
#   original weights). The true gradient step gives the lower error printed in section 5.
# - **The outputs after 10,000 steps** are reproduced to every printed digit by 10,000 steps with
#   that same slip; the true steps give the outputs printed in section 6.
# - **The error after 10,000 steps** matches neither run at 10,000 steps: it is the true
#   error after 9,999 updates, as if it were read in the forward pass of step 10,000, before its
#   update. An off-by-one in the count.
# - **$\partial E_{o2}/\partial out_{h1}$** is one unit off in its last printed digit, a
#   rounding slip; the sum printed after it in the post is right.
#
# Nothing above is taken on trust: the cell below recomputes each explanation.

# %% slideshow={"slide_type": "subslide"}
P = two_layer.PUBLISHED
slipped = two_layer.step_with_updated_output_weights(w)
print(f"one step with the hidden deltas taken through the updated w5..w8: E = {two_layer.forward(slipped)['E_total']:.9f}"
      f"   (published {P['E after 1 update'][1]}, true step {E_after:.9f})")
w_slip, b_slip, _ = two_layer.train(10_000, hidden_deltas_use_updated_output_weights=True)
f_slip = two_layer.forward(w_slip, b_slip)
print(f"10,000 such steps: out_o1 = {f_slip['out_o1']:.9f}, out_o2 = {f_slip['out_o2']:.9f}"
      f"   (published {P['out_o1 after 10000'][1]}, {P['out_o2 after 10000'][1]})")
print(f"true error after  9,999 updates: {errors[9_999]:.10f}   (published {P['E after 10000'][1]})")
print(f"true error after 10,000 updates: {errors[10_000]:.10f}")
print(f"dE_o2/dout_h1 = delta_o2 * w7 = {via_o2:.11f}, to 9 decimals {via_o2:.9f}"
      f"   (published {P['dE_o2/dout_h1'][1]})")

# %% [markdown] slideshow={"slide_type": "subslide"}
# A small point in the same post: in its hidden-layer section it writes
# $net_{h1} = w_1 i_1 + w_3 i_2 + b_1$, with $w_3$ where $w_2$ is meant; its numbers use $w_2$,
# as its forward pass does.
#
# **Summary.** The forward pass computes each neuron's $net$ and $out$ in turn. Backpropagation
# goes the other way: each output's delta is $(out - t)\,out(1 - out)$; each hidden delta sums the
# deltas it feeds, weighted by the connecting weights, times its own $out(1 - out)$; and every
# gradient is a delta times the value its weight multiplies. All gradients are taken with the
# weights of the forward pass, then all weights move. Lesson 03 derives the same deltas
# symbolically and checks them against these numbers.
