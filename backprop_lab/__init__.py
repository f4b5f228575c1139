"""Backprop Lab: the code that the lessons share. One idea per module:

activations  the activation functions and their derivatives
neuron       one sigmoid neuron: forward, loss, gradient, gradient descent, the perceptron
data         small data sets made with fixed seeds
exercise     how an exercise is checked; checks/ holds each lesson's checks
widgets/     the interactive figures, their logic in pure functions
"""
__version__ = "0.1.0"
