"""The exercise checks, one module per lesson. Each check prints a verdict and returns
the implementation that the rest of the notebook should use (see backprop_lab.exercise)."""
