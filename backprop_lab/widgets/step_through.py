"""Lesson 02: a step-through of one training step of the 2-2-2 network, one operation at a time.

steps() lists the operations (pure data: a title, the formula with its numbers, what to
highlight, what becomes known); state_at() says what the diagram shows after step k. The
widget only moves an index: Back / Next buttons and a "step" slider, the figure drawn once
and its artists updated in place.
"""
from typing import NamedTuple

import ipywidgets as widgets

from .. import two_layer
from .blit import Blitter
from .latest import Latest
from .network_diagram import COLOURS, EDGES, draw_network, node_colour, node_text, weight_text


class Step(NamedTuple):
    stage: str                 # "start", "forward", "error", "delta" or "update"
    title: str
    formula: str               # with the numbers substituted
    nodes: tuple = ()          # nodes to highlight
    edges: tuple = ()          # edges to highlight
    reveals: dict = {}         # node -> {"net"/"out"/"E"/"delta": value} now known
    new_weight: tuple = ()     # (weight name, its updated value) for an update step


def _n(x):
    return f"{x:.9f}"


def _p(x):
    """A factor in a product: negative numbers in parentheses."""
    return f"({x:.9f})" if x < 0 else f"{x:.9f}"


def steps(weights=two_layer.WEIGHTS, biases=two_layer.BIASES, inputs=two_layer.INPUTS,
          targets=two_layer.TARGETS, lr=two_layer.LEARNING_RATE):
    """The operations of one training step, in order, each with its numbers substituted."""
    w, b, (i1, i2), (t1, t2) = weights, biases, inputs, targets
    f, g = two_layer.forward(w, b, inputs, targets), two_layer.backward(w, b, inputs, targets)
    out = [Step("start", "The network before the step",
                f"inputs i1 = {i1:g}, i2 = {i2:g}; targets t1 = {t1:g}, t2 = {t2:g}; "
                f"learning rate η = {lr:g}. Press Next.")]
    wiring = {"h1": ("w1", "w2", "b1", "i"), "h2": ("w3", "w4", "b1", "i"),
              "o1": ("w5", "w6", "b2", "h"), "o2": ("w7", "w8", "b2", "h")}
    for node, (wa, wb, bias, src) in wiring.items():
        xa, xb = ((f"i1", f"i2") if src == "i" else ("out_h1", "out_h2"))
        va, vb = ((i1, i2) if src == "i" else (f["out_h1"], f["out_h2"]))
        net = f[f"net_{node}"]
        out.append(Step("forward", f"the net input of {node}",
                        f"net_{node} = {wa}·{xa} + {wb}·{xb} + {bias} = {w[wa]:g}·{_n(va) if src == 'h' else f'{va:g}'}"
                        f" + {w[wb]:g}·{_n(vb) if src == 'h' else f'{vb:g}'} + {b[bias]:g} = {_n(net)}",
                        nodes=(node,), edges=(wa, wb, f"{bias}>{node}"), reveals={node: {"net": net}}))
        out.append(Step("forward", f"the output of {node}",
                        f"out_{node} = σ(net_{node}) = 1 / (1 + e^-{_n(net)}) = {_n(f[f'out_{node}'])}",
                        nodes=(node,), reveals={node: {"out": f[f"out_{node}"]}}))
    for k, (node, t) in enumerate((("o1", t1), ("o2", t2)), start=1):
        out.append(Step("error", f"error at {node}",
                        f"E_{node} = ½ (t{k} - out_{node})² = ½ ({t:g} - {_n(f[f'out_{node}'])})² = {_n(f[f'E_{node}'])}",
                        nodes=(node,), reveals={node: {"E": f[f"E_{node}"]}}))
    out.append(Step("error", "the total error",
                    f"E_total = E_o1 + E_o2 = {_n(f['E_o1'])} + {_n(f['E_o2'])} = {_n(f['E_total'])}",
                    nodes=("o1", "o2")))
    for k, (node, t) in enumerate((("o1", t1), ("o2", t2)), start=1):
        o = f[f"out_{node}"]
        out.append(Step("delta", f"delta of {node}: dE_total/dnet_{node}",
                        f"δ_{node} = (out_{node} - t{k}) · out_{node}(1 - out_{node}) = ({_n(o)} - {t:g}) · "
                        f"{_n(o)}·(1 - {_n(o)}) = {_n(g[f'delta_{node}'])}",
                        nodes=(node,), reveals={node: {"delta": g[f"delta_{node}"]}}))
    for node, (wa, wb) in (("h1", ("w5", "w7")), ("h2", ("w6", "w8"))):
        h = f[f"out_{node}"]
        out.append(Step("delta", f"delta of {node}: both paths, through o1 and o2",
                        f"δ_{node} = (δ_o1·{wa} + δ_o2·{wb}) · out_{node}(1 - out_{node}) = "
                        f"({_p(g['delta_o1'])}·{w[wa]:g} + {_p(g['delta_o2'])}·{w[wb]:g}) · "
                        f"{_n(h)}·(1 - {_n(h)}) = {_n(g[f'delta_{node}'])}",
                        nodes=(node, "o1", "o2"), edges=(wa, wb), reveals={node: {"delta": g[f"delta_{node}"]}}))
    feeds = {"w5": ("o1", "out_h1"), "w6": ("o1", "out_h2"), "w7": ("o2", "out_h1"), "w8": ("o2", "out_h2"),
             "w1": ("h1", "i1"), "w2": ("h1", "i2"), "w3": ("h2", "i1"), "w4": ("h2", "i2")}
    new = two_layer.update(w, g, lr)
    for name, (node, x) in feeds.items():
        xv = {"i1": f"{i1:g}", "i2": f"{i2:g}"}.get(x) or _n(f[x])
        out.append(Step("update", f"update {name}",
                        f"{name}+ = {name} - η·δ_{node}·{x} = {w[name]:g} - {lr:g}·{_p(g[f'delta_{node}'])}·{xv}"
                        f" = {_n(new[name])}",
                        nodes=(node,), edges=(name,), new_weight=(name, new[name])))
    return out


def state_at(step_list, k):
    """What the diagram shows after step k: (node -> known values, weight -> updated value)."""
    if not 0 <= k < len(step_list):
        raise ValueError(f"step {k} does not exist: there are steps 0 to {len(step_list) - 1}")
    known, updated = {}, {}
    for step in step_list[:k + 1]:
        for node, values in step.reveals.items():
            known.setdefault(node, {}).update(values)
        if step.new_weight:
            updated[step.new_weight[0]] = step.new_weight[1]
    return known, updated


def caption(step_list, k):
    step = step_list[k]
    return f"step {k} of {len(step_list) - 1} · {step.title}\n{step.formula}"


class StepThrough:
    """The diagram and the update that the step index drives."""

    def __init__(self, weights=two_layer.WEIGHTS, biases=two_layer.BIASES,
                 inputs=two_layer.INPUTS, targets=two_layer.TARGETS, lr=two_layer.LEARNING_RATE):
        self.weights = dict(weights)
        self.steps = steps(weights, biases, inputs, targets, lr)
        self.diagram = draw_network(weights=weights, biases=biases, inputs=inputs, targets=targets,
                                    figsize=(6.6, 3.3))
        self.diagram.caption.set_fontsize(9)
        self.diagram.fig.tight_layout()
        # every step's frame drawn once and kept: a step is then pasted, not drawn (text is slow to draw)
        self.blitter = Blitter(self.diagram.fig, [], key=lambda: self.index)
        self.index = None
        self.blitter.prerender(range(len(self.steps)), self._set)
        self.show(0)

    def show(self, k):
        step = self._set(k)
        self.blitter.redraw_needed()
        self.blitter.refresh(k)
        # the PNGs of the steps either side, made while the learner reads: Back and Next only send one
        near = [i for i in (k + 1, k - 1) if 0 <= i < len(self.steps)]
        self.blitter.keep_backgrounds_ahead(near)
        return step

    def _set(self, k):
        """Set the diagram's artists for step k, without drawing."""
        known, updated = state_at(self.steps, k)        # raises before anything changes
        step, d = self.steps[k], self.diagram
        for name, line in d.edges.items():
            lit = name in step.edges
            line.set_color(COLOURS["highlight"] if lit else COLOURS["edge"])
            line.set_linewidth(3.2 if lit else 1.5)
        for name, patch in d.nodes.items():
            patch.set_facecolor(COLOURS["lit"] if name in step.nodes else node_colour(name))
            patch.set_linewidth(2.5 if name in step.nodes else 1.2)
        for name, text in d.node_texts.items():
            text.set_text(node_text(known.get(name, {})))
        for name, text in d.edge_texts.items():
            text.set_text(weight_text(name, self.weights[name], updated.get(name)))
            text.set_color(COLOURS["highlight"] if name in step.edges else "black")
        d.caption.set_text(caption(self.steps, k))
        self.index = k
        return step


def step_through(**network):
    """Back / Next buttons and a "step" slider above the diagram; returns the widget."""
    walker = StepThrough(**network)
    last = len(walker.steps) - 1
    back = widgets.Button(description="Back", icon="arrow-left", tooltip="previous operation")
    nxt = widgets.Button(description="Next", icon="arrow-right", tooltip="next operation")
    slider = widgets.IntSlider(value=0, min=0, max=last, description="step", continuous_update=True,
                               layout=widgets.Layout(width="420px"))
    text = widgets.HTML()

    def show(k):
        step = walker.show(k)
        back.disabled, nxt.disabled = k == 0, k == last
        text.value = (f"<b>step {k} of {last} · {step.stage}: {step.title}</b><br>"
                      f"<code>{step.formula}</code>")

    back.on_click(lambda _: setattr(slider, "value", max(slider.value - 1, 0)))
    nxt.on_click(lambda _: setattr(slider, "value", min(slider.value + 1, last)))
    latest = Latest(show)                # a drag's burst of values: one update, with the last
    slider.observe(lambda change: latest(change["new"]), names="value")
    show(0)
    box = widgets.VBox([widgets.HBox([back, nxt, slider]), text, walker.diagram.fig.canvas])
    box.walker, box.back, box.next, box.slider, box.text = walker, back, nxt, slider, text
    return box
