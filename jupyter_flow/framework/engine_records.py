"""The records that cross into the C++ engine, by name: src_cpp/bindings.cc reads each field as
an attribute, so a field added later cannot shift the others. Keep both sides in step."""
from typing import NamedTuple


class EngineNode(NamedTuple):
    """One op as the engine holds it (Graph.add_nodes)."""

    id: int
    type: str
    name: str
    inputs: list  # [(producer op id, output index)]
    control_inputs: list  # [op id]
    out_dtypes: list  # [dtype enum] per output
    attrs: dict  # name -> engine attribute value (see Operation._engine_node)
    stateful: bool  # never constant-folded


class EngineFeed(NamedTuple):
    """One fed tensor of a plan (Session.make_plan)."""

    node_id: int
    output_index: int
    dims: object  # static dims with -1 for unknown, or None for an unknown rank
    name: str  # the tensor's name, for errors
    shape_str: str  # its static shape as TF1 prints it ("" for an unknown rank)
