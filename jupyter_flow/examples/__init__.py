"""tensorflow.examples: the MNIST reader of TF1's tutorials (tutorials.mnist.input_data)."""
