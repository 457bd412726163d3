"""Jupyter integration: `%load_ext jupyter_flow` gives a kernel-wide session and the %%graph
magic, which makes re-running a cell replace its nodes instead of adding duplicates.

>>> %load_ext jupyter_flow
>>> %%graph loss
"""
