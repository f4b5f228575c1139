# %% [markdown] slideshow={"slide_type": "slide"}
# # 03 · Deriving the deltas with SymPy
# > the deltas of backprop derived by SymPy, not typed in: the 2-2-2 network, σ′ and tanh′, the general layer with weight decay, cross-entropy's δ = a − y, all checked against numbers
#
# Lesson 02 used formulas for the deltas and the gradients. Where do they come from? Here a
# computer-algebra system, SymPy, writes the network as one expression, differentiates it with
# `sp.diff`, and we check that the result simplifies to the textbook formulas, and that its
# numbers match lesson 02's and NumPy's. Nothing has to be taken on faith.
#
# Each step below is one small derivation and one sentence of why.

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Teacher's notes** (only in the instructor notebook; in the slideshow, speaker notes)
#
# **Learning objectives.** By the end of the class a learner can
# - let SymPy differentiate σ and tanh and check the textbook forms by simplifying a difference to 0;
# - derive the deltas of lesson 02's network with `sp.diff` and see them equal lesson 02's numbers;
# - state the four formulas of backpropagation with weight decay, and where each comes from;
# - explain why cross-entropy's $\delta = a - y$ learns from a confident mistake that the squared error barely moves;
# - turn a SymPy expression into NumPy with `lambdify`.
#
# **Plan for a 45-minute class.**
# - 0–10 min: section 1 (σ′, tanh′, ReLU's corner). Pause for the Heaviside question.
# - 10–25 min: section 2 (lesson 02's network in symbols, the deltas, the table against lesson 02).
# - 25–40 min: section 4 (cross-entropy); pause before the $z = -8$ cell.
# - 40–45 min: the four formulas at the end of section 3, as a summary.
#
# **Plan for a 90-minute class.**
# - 0–15 min: section 1.
# - 15–35 min: section 2, the chain rule factor by factor.
# - 35–55 min: section 3, the general layer with weight decay.
# - 55–75 min: section 4, cross-entropy and the peak of the squared-error delta.
# - 75–90 min: sections 5 and 6: `lambdify`, and exercise 1 (δ for a tanh hidden layer).

# %% slideshow={"slide_type": "subslide"}
# %matplotlib widget
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from IPython.display import Math, display

from backprop_lab import activations, symbolic, two_layer
from backprop_lab.checks import deltas as check
from backprop_lab.symbolic import sigmoid, same


def show(*sides, width=90):
    """Display sides joined by '=', each a SymPy object or a LaTeX string. A long sum at the
    end is broken into one term per line, so it fits the page."""
    *left, last = [s if isinstance(s, str) else sp.latex(s) for s in sides]
    if not (isinstance(sides[-1], sp.Add) and len(last) > width):
        return display(Math(" = ".join([*left, last])))
    first, *rest = sides[-1].as_ordered_terms()
    lines = [sp.latex(first)] + [rf"- {sp.latex(-t)}" if t.could_extract_minus_sign() else rf"+ {sp.latex(t)}"
                                 for t in rest]
    display(Math(r"\begin{aligned} " + " = ".join(left) + " &= " + r" \\ &\quad ".join(lines) + r" \end{aligned}"))

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 1. The activations' derivatives, derived
#
# Backprop multiplies by $f'(z)$ at every neuron, so we start there. SymPy differentiates the
# definition $\sigma(z) = 1/(1 + e^{-z})$, and we ask whether the result equals the textbook form
# $\sigma(1 - \sigma)$ by simplifying the difference: it is the same function exactly when the
# difference is $0$.

# %%
z = symbolic.Z
for name, fz, derived, textbook in symbolic.activation_identities():
    show(rf"\text{{{name}}}(z)", fz)
    show(rf"\frac{{d}}{{dz}}\,\text{{{name}}}(z)", derived)
    print(f"  simplify(derivative - textbook form) == 0 for {name}: {symbolic.is_zero(derived - textbook)}")
display(Math(r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z)), \qquad \tanh'(z) = 1 - \tanh^2(z)"))

# %% [markdown] slideshow={"slide_type": "subslide"}
# From here on $\sigma$ is kept as a named SymPy function, `symbolic.sigmoid`, which SymPy
# differentiates as $\sigma(1-\sigma)$: the identity just derived. This keeps every expression
# below short. A check that the named function and the $e^{-z}$ form have the same derivative:

# %%
show(r"\frac{d}{dz}\sigma(z)", sp.diff(sigmoid(z), z))
print("same as the derivative of 1/(1 + exp(-z)):",
      symbolic.is_zero(sp.diff(sigmoid(z), z).rewrite(sp.exp) - sp.diff(symbolic.sigmoid_exp(z), z)))

# %% [markdown]
# **ReLU** is $\max(0, z)$. Its derivative is $0$ for $z < 0$ and $1$ for $z > 0$; at $z = 0$ the
# graph has a corner and there is no derivative. SymPy answers with the Heaviside step (which it
# prints $\theta$), and has to pick a value at $0$:

# %%
relu_prime = symbolic.relu_prime()
show(r"\frac{d}{dz}\max(0, z)", relu_prime)
print(f"SymPy's Heaviside(0) = {relu_prime.subs(z, 0)}")
print(f"the series' choice, Heaviside(z, {symbolic.RELU_PRIME_AT_ZERO}) at 0 = "
      f"{symbolic.relu_prime_series.subs(z, 0)};  activations.relu_prime(0.0) = {activations.relu_prime(0.0)}")

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** ReLU has a corner at $0$. What value does SymPy give its derivative there?
#
# *Answer.* SymPy's `Heaviside(0)` is 1/2; the series takes 0, as PyTorch does (`activations.relu_prime(0.0) = 0.0`). Any value in $[0, 1]$ is a valid subgradient.

# %% [markdown] slideshow={"slide_type": "subslide"}
# SymPy's default is $\tfrac12$. Any value in $[0, 1]$ is a valid *subgradient* at the corner,
# so the choice is a convention; this series takes $0$, as PyTorch does. It rarely matters: a
# $z$ computed in floating point is almost never exactly $0$.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 2. Lesson 02's network in symbols
#
# Lesson 02's 2-2-2 network, with every input, target, weight and bias a symbol:

# %%
e = symbolic.two_layer()
for left, right in symbolic.two_layer_equations():
    show(left, right)

# %% [markdown] slideshow={"slide_type": "subslide"}
# `E_total` is now a single expression in $i_1, i_2, t_1, t_2, w_1, \dots, w_8, b_1, b_2$.
# `sp.diff` differentiates it in each of them; to read the result we write the nested
# sub-expressions back as $net$ and $out$.

# %%
gradients = symbolic.two_layer_gradients()
for name in ["w5", "w1"]:
    show(rf"\frac{{\partial E_{{total}}}}{{\partial {sp.latex(symbolic.PARAMETERS[name])}}}",
         symbolic.compact(gradients[name]))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The chain rule, factor by factor
#
# $E_{total}$ depends on $w_5$ only through $net_{o1}$, and on $net_{o1}$ only through $out_{o1}$, so
# the chain rule writes $\partial E/\partial w_5$ as three local derivatives. SymPy computes each
# from its own small expression, and their product is exactly what `diff` found:

# %%
def show_chain(name):
    terms = symbolic.chain_rule_terms(name)
    p = sp.latex(symbolic.PARAMETERS[name])
    show(rf"\frac{{\partial E_{{total}}}}{{\partial {p}}}", r" \cdot ".join(label for label, _ in terms),
         r" \cdot ".join(rf"\left({sp.latex(t)}\right)" for _, t in terms))
    product = symbolic.in_inputs(sp.Mul(*[t for _, t in terms]))
    print(f"  product of the factors minus diff's result simplifies to 0: "
          f"{symbolic.is_zero(product - gradients[name])}")


show_chain("w5")

# %% [markdown]
# A hidden weight, $w_1$, reaches $E_{total}$ through $out_{h1}$, which feeds **both** output
# neurons; so the first factor is a sum over them. It is written with the output deltas
# $\delta_{o} = \partial E_{total}/\partial net_{o}$, defined next.

# %% slideshow={"slide_type": "subslide"}
show_chain("w1")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The deltas
#
# The factor shared by every weight into a neuron is $\delta = \partial E_{total}/\partial net$, the
# neuron's **delta**. SymPy finds each by differentiating $E_{total}$ written in that neuron's
# $net$ (for a hidden neuron, the output nets are written as functions of it first):

# %%
derived_deltas = symbolic.two_layer_deltas()
for k in symbolic.NEURONS:
    show(symbolic.DELTA[k], rf"\frac{{\partial E_{{total}}}}{{\partial net_{{{k}}}}}",
         symbolic.compact(derived_deltas[k]))

# %% [markdown]
# The output deltas are $-(t - out)\,out(1 - out)$: error times $\sigma'$. The hidden deltas are
# $(w\,\delta_{o1} + w\,\delta_{o2})\,out_h(1 - out_h)$: the output deltas sent back through the
# weights, times $\sigma'$. With them, **every** gradient is a delta times the input that the
# weight multiplies; we check all ten against `diff`:

# %% slideshow={"slide_type": "subslide"}
for name in symbolic.PARAMETERS:
    formula = symbolic.by_deltas(name)
    ok = symbolic.is_zero(symbolic.in_inputs(formula) - gradients[name])
    display(Math(rf"\frac{{\partial E_{{total}}}}{{\partial {sp.latex(symbolic.PARAMETERS[name])}}} = "
                 rf"{sp.latex(formula)} \quad \text{{{'✓ simplifies to diff' if ok else '✗'}}}"))

# %% [markdown]
# $b_1$ feeds both hidden neurons, so its gradient is $\delta_{h1} + \delta_{h2}$; the same for $b_2$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Lesson 02's numbers
#
# Substituting lesson 02's inputs, targets, weights and biases into the symbolic expressions
# (computed with 30 significant digits) must give lesson 02's NumPy numbers.

# %% slideshow={"slide_type": "subslide"}
values = symbolic.two_layer_values(two_layer.INPUTS, two_layer.TARGETS, two_layer.WEIGHTS, two_layer.BIASES)
forward = two_layer.forward()
backward = two_layer.backward()
rows = [("E_total", e["E_total"], forward["E_total"])]
rows += [(f"delta_{k}", derived_deltas[k], backward[f"delta_{k}"]) for k in symbolic.NEURONS]
rows += [(f"dE/d{name}", gradients[name], backward[name]) for name in symbolic.PARAMETERS]
worst = 0.0
print(f"{'':>10} {'SymPy':>18} {'lesson 02':>18} {'gap':>9}")
for label, expression, number in rows:
    exact = symbolic.evaluate(expression, values)
    worst = max(worst, abs(exact - number))
    print(f"{label:>10} {exact:18.12f} {number:18.12f} {abs(exact - number):9.1e}")
print(f"largest gap {worst:.1e}: {'below' if worst < 1e-12 else 'NOT below'} 1e-12")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 3. The general layer, with weight decay
#
# The UFLDL tutorial (Ng et al.) derives the deltas of any layer. We follow its derivation in
# the series' notation (lesson 00): layer $0$ is the input, $a^{[0]} = x$, and
# $z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$, $a^{[l]} = f(z^{[l]})$, up to the output layer $L$. The cost
# for one example is the squared error plus **weight decay**, which pulls the weights (not the
# biases) towards $0$:
#
# $$J = \tfrac12 \lVert y - a^{[L]} \rVert^2 + \tfrac{\lambda}{2} \sum_l \sum_{i,j} \big(W^{[l]}_{ij}\big)^2.$$
#
# We build a 3-4-2 network of explicit symbols (layers $0$, $1$, $2$, so $L = 2$), with an
# activation $f$ that SymPy knows nothing about except that its derivative is $f'$, so the result
# holds for any activation:

# %%
net = symbolic.GeneralNetwork((3, 4, 2))
show(sp.Symbol("W^{[1]}"), net.W[1])
show(sp.Symbol("z^{[1]}"), net.z[1])
print(f"J, written out in x, y, the W, the b and lambda, is one expression of {sp.count_ops(net.J)} operations")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The output layer
#
# Define $\delta^{[l]} = \partial J/\partial z^{[l]}$. For the output layer, write $J$ in $z^{[2]}$ and
# differentiate:

# %%
delta2 = net.derived_delta(2)
show(r"\delta^{[2]} = \frac{\partial J}{\partial z^{[2]}}", delta2)
print("equal to -(y - a) * f'(z):", same(delta2, net.output_delta_formula()))

# %% [markdown]
# That is $\delta^{[L]} = -(y - a^{[L]}) \odot f'(z^{[L]})$: the $\tfrac12$ cancelled the 2 of the
# square, and the weight-decay term vanished because it does not depend on $z$.

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### A hidden layer
#
# Now write $J$ in $z^{[1]}$ (so $z^{[2]} = W^{[2]} f(z^{[1]}) + b^{[2]}$ inside it) and differentiate. Shown
# with $z^{[2]}$ written back as a name, the first entry is:

# %%
delta1 = net.derived_delta(1)
z2_by_name = {expression: name for name, expression in net.forward_from(1).items()}
show(r"\delta^{[1]}_1 = \frac{\partial J}{\partial z^{[1]}_1}", delta1[0].xreplace(z2_by_name))

# %% [markdown]
# The factor $-(y_i - f(z^{[2]}_i))\,f'(z^{[2]}_i)$ is $\delta^{[2]}_i$, and it is multiplied by
# $W^{[2]}_{i1}$: column 1 of $W^{[2]}$, which is row 1 of its transpose. So the whole vector should be
# the recurrence $\delta^{[1]} = \big((W^{[2]})^T \delta^{[2]}\big) \odot f'(z^{[1]})$:

# %%
delta2_names = symbolic.vector_symbols(r"\delta^{[2]}", 2)
show(r"\big((W^{[2]})^T \delta^{[2]}\big) \odot f'(z^{[1]})", net.recurrence(1, delta2_names))
recurrence = net.recurrence(1, delta2.xreplace(net.forward_from(1)))
print("simplify(derived delta1 - recurrence) == 0 in every entry:", same(delta1, recurrence))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### The gradients, with weight decay
#
# Finally differentiate $J$ (written from the input $x$) in every weight and bias, and compare
# with $\delta^{[l]} (a^{[l-1]})^T + \lambda W^{[l]}$ and $\delta^{[l]}$. The outer product puts
# $\delta^{[l]}_i a^{[l-1]}_j$ at entry $(i, j)$, the neuron the weight feeds times the activation it reads:

# %%
for l in (1, 2):
    delta_l = net.with_inputs(net.derived_delta(l))
    dW, db = net.gradient_W(l), net.gradient_b(l)
    print(f"layer {l}: dJ/dW^[{l}] = delta^[{l}] a^[{l - 1}]^T + lambda W^[{l}]: "
          f"{same(dW, delta_l * net.a[l - 1].T + net.lam * net.W[l])};   "
          f"dJ/db^[{l}] = delta^[{l}]: {same(db, delta_l)}")
z_by_name = {expression: name for l in (1, 2) for name, expression in zip(net.z_symbols[l], net.z[l])}
show(r"\frac{\partial J}{\partial W^{[2]}_{12}}", net.gradient_W(2)[0, 1].xreplace(z_by_name),
     r"\delta^{[2]}_1\, a^{[1]}_2 + \lambda W^{[2]}_{12}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# These are the four formulas of backpropagation, now derived rather than stated:
#
# $$\delta^{[L]} = -(y - a^{[L]}) \odot f'(z^{[L]}), \qquad
#   \delta^{[l]} = \big((W^{[l+1]})^T \delta^{[l+1]}\big) \odot f'(z^{[l]}),$$
# $$\frac{\partial J}{\partial W^{[l]}} = \delta^{[l]} (a^{[l-1]})^T + \lambda W^{[l]}, \qquad
#   \frac{\partial J}{\partial b^{[l]}} = \delta^{[l]}.$$
#
# Over $m$ examples the data term of $J$ is averaged, so its gradients are averaged too, while
# $\lambda W$ is added once: the mean of $(\text{data gradient} + \lambda W)$ over the examples is the
# same thing.
#
# > **UFLDL's numbering.** The UFLDL tutorial numbers the input as layer $1$: its $a^{(1)} = x$,
# > $z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)}$, and its output layer is $n_l$, the number of layers.
# > Its weights and biases carry the same numbers as ours, $W^{(l)} = W^{[l]}$ and
# > $b^{(l)} = b^{[l]}$; everything attached to a layer is one higher there:
# > $z^{(l+1)} = z^{[l]}$, $a^{(l+1)} = a^{[l]}$, $\delta^{(l+1)} = \delta^{[l]}$. So its four formulas read
# > $\delta^{(n_l)} = -(y - a^{(n_l)}) \odot f'(z^{(n_l)})$,
# > $\delta^{(l)} = \big((W^{(l)})^T \delta^{(l+1)}\big) \odot f'(z^{(l)})$,
# > $\partial J/\partial W^{(l)} = \delta^{(l+1)} (a^{(l)})^T + \lambda W^{(l)}$ and
# > $\partial J/\partial b^{(l)} = \delta^{(l+1)}$: the same four, renumbered.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 4. Cross-entropy: where σ′ disappears
#
# With a sigmoid output and the squared error, $\delta = (a - y)\,\sigma'(z)$. With the
# **cross-entropy** $L = -\big(y \log a + (1 - y)\log(1 - a)\big)$ instead, SymPy finds:

# %%
(zo, yo), delta_mse, delta_ce = symbolic.sigmoid_output_deltas()
show(r"\delta_{\text{squared error}}", delta_mse, r"(\sigma(z) - y)\,\sigma(z)\,(1 - \sigma(z))")
show(r"\delta_{\text{cross-entropy}}", delta_ce)

# %% [markdown]
# $\delta = a - y$: the $\sigma'(z) = a(1-a)$ of the chain rule cancelled against the
# $1/a$ and $1/(1 - a)$ of the logarithms. This is the `dZ2 = A2 - Y` of the deeplearning.ai
# course assignment that lesson 04 checks (its `1/m` comes from averaging the loss over the $m$
# examples).
#
# A **softmax** output $a_j = e^{z_j} / \sum_i e^{z_i}$ with $L = -\sum_j y_j \log a_j$ gives the same
# form. SymPy's derivative in $z_1$, simplified:

# %% slideshow={"slide_type": "subslide"}
zs_, ys_, a_soft, soft_gradient = symbolic.softmax_cross_entropy_delta(3)
show(r"\frac{\partial L}{\partial z_1}", sp.simplify(soft_gradient[0]))
print("equals a_j (y_1 + y_2 + y_3) - y_j for every j:",
      all(symbolic.is_zero(soft_gradient[j] - (a_soft[j] * sum(ys_) - ys_[j])) for j in range(3)))

# %% [markdown]
# Since the targets are probabilities, $y_1 + y_2 + y_3 = 1$, and this is $a_j - y_j$:

# %%
on_simplex = {ys_[2]: 1 - ys_[0] - ys_[1]}
print("with y3 = 1 - y1 - y2, dL/dz_j - (a_j - y_j) simplifies to 0 for every j:",
      all(symbolic.is_zero((soft_gradient[j] - (a_soft[j] - ys_[j])).xreplace(on_simplex)) for j in range(3)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Why the cancellation speeds learning
#
# Every weight's gradient is proportional to $\delta$. Take an output that is **saturated and
# wrong**: target $y = 1$, but $z = -8$, so $a \approx 0$. Under the squared error $\delta$ carries
# the factor $\sigma'(z)$, which is tiny there; under cross-entropy it does not:

# %% slideshow={"slide_type": "subslide"}
delta_mse_at = sp.lambdify([zo, yo], delta_mse, modules=[{"sigmoid": activations.sigmoid}, "numpy"])
delta_ce_at = sp.lambdify([zo, yo], delta_ce, modules=[{"sigmoid": activations.sigmoid}, "numpy"])
z_wrong = -8.0
print(f"a = sigmoid({z_wrong}) = {activations.sigmoid(z_wrong):.6f}, target 1")
print(f"delta, squared error: {delta_mse_at(z_wrong, 1.0):.3e}")
print(f"delta, cross-entropy: {delta_ce_at(z_wrong, 1.0):.3e}")
print(f"cross-entropy's delta is {delta_ce_at(z_wrong, 1.0) / delta_mse_at(z_wrong, 1.0):.0f} times larger")

zz = np.linspace(-10, 10, 401)
fig, ax = plt.subplots(figsize=(6, 3))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
ax.semilogy(zz, np.abs(delta_mse_at(zz, 1.0)), label="squared error")
ax.semilogy(zz, np.abs(delta_ce_at(zz, 1.0)), label="cross-entropy")
ax.set(xlabel="$z$ (target $y = 1$)", ylabel=r"$|\delta|$", title="the size of the output delta")
ax.legend()
fig.tight_layout()

# %% [markdown] tags=["instructor"] slideshow={"slide_type": "notes"}
# **Predict, then run:** target 1, but $z = -8$ (so $a \approx 0$). Which delta is larger, squared error or cross-entropy, and by how much?
#
# *Answer.* Squared error $-3.351 \times 10^{-4}$, cross-entropy $-9.997 \times 10^{-1}$: cross-entropy's is 2983 times larger.
# A follow-up: where is the squared-error $|\delta|$ largest for $y = 1$? At $a = 1/3$, $z = -\ln 2 = -0.6931$, where it is $4/27 = 0.1481$.
#
# **Misconceptions this lesson meets, and how it answers them.**
# - *"The derivative of ReLU at 0 is defined."* Section 1: it is a convention (SymPy 1/2, the series 0).
# - *"Weight decay changes the deltas."* Section 3: it adds $\lambda W$ to $\partial J/\partial W$ only; the delta does not depend on it.
# - *"The squared error learns less the more wrong the output is."* Section 4: only below $a = 1/3$, on the saturated side.
# - *"A symbolic check is approximate."* `simplify(difference) == 0` is exact; the numbers against lesson 02 agree to about $10^{-17}$, the float's resolution.

# %% [markdown] slideshow={"slide_type": "subslide"}
# Where the squared-error output is **saturated and wrong** it learns least: at $z = -8$ gradient
# descent barely moves, and the network can stay stuck on a confident mistake. That is not true of
# every wrong output. For $y = 1$ the size of the squared-error delta is $a(1 - a)^2$ with
# $a = \sigma(z)$; SymPy finds where it peaks:

# %%
a_sym = sp.Symbol("a", positive=True)
size_mse = a_sym * (1 - a_sym) ** 2
print("|delta| for y = 1 equals a (1 - a)^2 with a = sigmoid(z):",
      symbolic.is_zero(delta_mse.subs(yo, 1) + size_mse.subs(a_sym, sigmoid(zo))))
show(r"\frac{d}{da}\, a(1 - a)^2", sp.factor(sp.diff(size_mse, a_sym)))
a_peak = min(sp.solve(sp.diff(size_mse, a_sym), a_sym))
z_peak = sp.log(a_peak / (1 - a_peak))
print(f"zero at a = {a_peak} (and a = 1): the squared-error |delta| is largest at a = {a_peak}, "
      f"z = {z_peak} = {float(z_peak):.4f}, where it is {size_mse.subs(a_sym, a_peak)} = {float(size_mse.subs(a_sym, a_peak)):.4f}")
zs_check = np.linspace(-10, 10, 4001)
print(f"on the plot's grid the largest |delta| is at z = {zs_check[np.argmax(np.abs(delta_mse_at(zs_check, 1.0)))]:.3f}")

# %% [markdown]
# So as $a$ falls from $1$ towards $\tfrac13$, the more wrong the squared-error output, the *more*
# it learns, as one would hope. Only below $a = \tfrac13$ ($z < -\ln 2$), on the saturated side, does
# the more wrong output learn less, down to almost nothing at $z = -8$. Cross-entropy's
# $\delta = a - y$ is the error itself: its size $1 - a$ grows all the way to the most wrong output.

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 5. From symbols to NumPy: `lambdify`
#
# `sp.lambdify` turns a SymPy expression into a NumPy function. We turn the symbolic gradients of
# the 3-4-2 network (with $f = \sigma$) into one, average it over a batch of 5 random examples,
# and compare it with lesson 04's vectorised backprop, `backprop_lab.MLP`, at a random point:

# %%
for seed in (0, 1, 2):
    loss_gap, gradient_gap = symbolic.compare_with_numpy(net, lam=0.1, m=5, seed=seed)
    print(f"random point {seed}: against lesson 04's MLP: loss gap {loss_gap:.1e}, largest gradient gap {gradient_gap:.1e}")

# %% [markdown]
# The same for lesson 02's network, at random weights: the lambdified `diff` against lesson 02's
# `backward`.

# %% slideshow={"slide_type": "subslide"}
names = list(symbolic.PARAMETERS)
inputs_targets = [symbolic.i1, symbolic.i2, symbolic.t1, symbolic.t2]
gradient_at = sp.lambdify(inputs_targets + list(symbolic.PARAMETERS.values()), [gradients[n] for n in names],
                          modules=[{"sigmoid": activations.sigmoid}, "numpy"])
rng = np.random.default_rng(0)
worst = 0.0
for _ in range(5):
    weights = {f"w{k}": rng.normal() for k in range(1, 9)}
    biases = {"b1": rng.normal(), "b2": rng.normal()}
    ours = gradient_at(*two_layer.INPUTS, *two_layer.TARGETS, *weights.values(), *biases.values())
    theirs = two_layer.backward(weights=weights, biases=biases)
    worst = max(worst, max(abs(o - theirs[n]) for o, n in zip(ours, names)))
print(f"5 random points: largest gap between lambdified SymPy and lesson 02's backward: {worst:.1e}")

# %% [markdown] slideshow={"slide_type": "slide"}
# ## 6. Exercises

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 1: δ for a tanh hidden layer
#
# The hidden layer (layer 1) of a 3-4-2 network uses $f = \tanh$. Write `tanh_hidden_delta(W, delta_next, z)`:
# given the SymPy matrices `W` $= W^{[2]}$ (2×4), `delta_next` $= \delta^{[2]}$ (2×1) and `z` $= z^{[1]}$
# (4×1), return $\delta^{[1]}$ as a 4×1 SymPy `Matrix`. Get $\tanh'$ from `sp.diff`, not from memory.
# Useful: `W.T`, `A * B` (matrix product), `A.multiply_elementwise(B)`, `z.applyfunc(g)`.

# %%
def tanh_hidden_delta(W, delta_next, z):
    ### BEGIN SOLUTION
    tanh_prime = z.applyfunc(lambda zi: sp.diff(sp.tanh(zi), zi))
    return (W.T * delta_next).multiply_elementwise(tanh_prime)
    ### END SOLUTION

# %%
tanh_hidden_delta_used = check.tanh_hidden_delta(tanh_hidden_delta)

# %%
show(r"\delta^{[1]}", tanh_hidden_delta_used(check.W2, check.DELTA2, check.Z1))

# %% [markdown]
# And in numbers, for a 3-4-2 network with a tanh hidden layer and a sigmoid output at a random
# point: your $\delta^{[1]}$ against centred finite differences of $J$ in $z^{[1]}$.

# %% slideshow={"slide_type": "subslide"}
yours, finite = symbolic.tanh_hidden_delta_numbers(tanh_hidden_delta_used, seed=0)
print("yours:             ", np.round(yours.ravel(), 9))
print("finite differences:", np.round(finite.ravel(), 9))
print(f"largest gap: {np.max(np.abs(yours - finite)):.1e}")

# %% [markdown] slideshow={"slide_type": "subslide"}
# ### Exercise 2: the gradient of the weight-decay term
#
# Write `weight_decay_gradient(W, lam)`: the matrix of $\partial/\partial W_{ij}$ of
# $\tfrac{\lambda}{2}\sum_{i,j} W_{ij}^2$, with the shape of `W`. Build the term, then differentiate it
# with `sp.diff` in each weight.

# %%
def weight_decay_gradient(W, lam):
    ### BEGIN SOLUTION
    decay = lam / 2 * sum(w ** 2 for w in W)
    return W.applyfunc(lambda w: sp.diff(decay, w))
    ### END SOLUTION

# %%
weight_decay_gradient_used = check.weight_decay_gradient(weight_decay_gradient)

# %%
show(r"\frac{\partial}{\partial W}\,\frac{\lambda}{2}\sum W^2", weight_decay_gradient_used(check.W, check.LAM))

# %% [markdown]
# It should be exactly the part of section 3's $\partial J/\partial W^{[1]}$ that $\lambda$ brings:

# %%
decay_part = net.gradient_W(1) - net.gradient_W(1).subs(net.lam, 0)
print("dJ/dW1 minus the same at lambda = 0 equals your gradient:",
      same(decay_part, weight_decay_gradient_used(net.W[1], net.lam)))

# %% [markdown] slideshow={"slide_type": "subslide"}
# **Summary.** SymPy differentiated the 2-2-2 network's error in every weight, and each derivative
# factored into chain-rule terms whose shared part is the neuron's delta; its numbers are lesson 02's.
# The same `diff` on a general network with weight decay simplified to the recurrence that the
# UFLDL tutorial derives, here in the series' notation:
# $\delta^{[L]} = -(y - a^{[L]}) \odot f'(z^{[L]})$, $\delta^{[l]} = ((W^{[l+1]})^T\delta^{[l+1]}) \odot f'(z^{[l]})$,
# $\partial J/\partial W^{[l]} = \delta^{[l]}(a^{[l-1]})^T + \lambda W^{[l]}$, $\partial J/\partial b^{[l]} = \delta^{[l]}$.
# With cross-entropy on a sigmoid or softmax output, $\delta = a - y$, which keeps learning fast when
# the output is confidently wrong. Lesson 04 puts these formulas into matrices for whole batches.
