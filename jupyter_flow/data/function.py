"""A function given to map/filter/flat_map/interleave, traced once into the graph: it is called
on DatasetArg tensors standing for an element's components, and the ops it creates that its
results depend on become a sub-plan the engine runs per element (no Python per element).
Outer tensors it reads are captures, evaluated when the iterator is initialized.
"""
from ..framework import nest
from ..framework.graph import get_default_graph
from ..ops.control_flow_body import BodyRecorder, captures_of, edges
from . import structure as st


class TracedFunction:
    """`args` (DatasetArg tensors), `outputs` (what the sub-plan computes), `captures`, and either
    `result_structure` (map) or `returns` (the Dataset a flat_map function builds)."""

    def __init__(self, fn, input_structure, what):
        if not callable(fn):
            raise TypeError(f"Dataset.{what} needs a callable (e.g. a lambda taking the element), got {fn!r}")
        from .dataset import Dataset
        g = get_default_graph()
        self.what = what
        with g.control_dependencies(None):
            rec = BodyRecorder(g)
            try:
                self.args = [g.create_op("DatasetArg", (), {"dtype": s.dtype, "shape": s.shape}, "arg")._outputs[0]
                             for s in st.flat_specs(input_structure)]
                result = st.call_with(fn, st.pack(input_structure, self.args))
                if isinstance(result, Dataset):
                    self.returns, self.result_structure = result, None
                    self.outputs = result._all_params()
                else:
                    self.returns = None
                    value = st.function_result(result)
                    self.result_structure = st.structure_of(value)
                    self.outputs = nest.flatten(value)
            finally:
                rec.close()
        ops = rec.ops_for(self.outputs) | {a.op for a in self.args}
        self.captures = captures_of(ops, self.outputs)

    def attrs(self, key):
        """This function's attributes under prefix `key` ("fnK_"), as src_cpp/dataset/spec.cc reads them."""
        return {key + "args": [a.op._id for a in self.args], key + "outputs": edges(self.outputs),
                key + "captures": edges(self.captures), key + "dataset": int(self.returns is not None)}
