"""Backprop Lab: the code that the lessons share. One idea per module:

activations  the activation functions and their derivatives
neuron       one sigmoid neuron: forward, loss, gradient, gradient descent, the perceptron
two_layer    the 2-2-2 network of lesson 02 in scalar formulas: forward, deltas, update, training
symbolic     the deltas derived with SymPy: the 2-2-2 network, the general layer, cross-entropy
data         small data sets made with fixed seeds, and the real handwritten digits (UCI)
exercise     how an exercise is checked; checks/ holds each lesson's checks
mlp          MLP: a fully connected network, forward and backprop over a batch in matrices,
             weight decay, dropout
gradcheck    gradient checking by centred differences, and the relative error
loops        backprop one example at a time (to time against the batch)
training     gradient descent on an MLP, predictions and accuracy
fit          training to generalize: minibatch epochs, validation curves, schedules, early
             stopping, the confusion matrix
plots        static figures: decision regions
optim/       the optimizer family (SGD ... AMSGrad), torch.optim's numbers, step(params, grads);
             learning-rate schedules as torch.optim.lr_scheduler's
surfaces     loss surfaces of two parameters with their gradients: quadratic, Rosenbrock, saddle
online_problem  Reddi et al.'s online problem on which Adam fails and AMSGrad does not
rnn          RNN: a character-level recurrent network, its forward pass and backprop through time
text, rnn_training, clipping, gradient_flow, symbolic_rnn  lesson 06's letters, (truncated) BPTT
             training, clipping by global norm, dJ/dh_t through time, BPTT derived with SymPy
widgets/     the interactive figures, their logic in pure functions
"""
import os

from threadpoolctl import threadpool_limits

from .mlp import MLP

# One BLAS thread, unless the environment asks for more: the lessons' matrices are small, and
# on a machine of two cores a second BLAS thread mostly spins, taking the core the browser needs
# to paint the figure a slider has just changed (benchmarks/blas_threads.py measures both).
if not any(os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")):
    threadpool_limits(1, user_api="blas")

__version__ = "0.1.0"
