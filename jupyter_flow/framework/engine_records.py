"""The records that cross into the C++ engine. src_cpp/bindings.cc reads an EngineFeed's fields by
name, but an EngineNode's by position (node_from_record: one per op, where attribute lookups cost
more than the conversion itself), so a field of EngineNode is only ever added at its end, in step
with node_from_record. Keep both sides in step."""
from typing import NamedTuple


class EngineNode(NamedTuple):
    """One op as the engine holds it (Graph.add_nodes)."""

    id: int
    type: str
    name: str
    inputs: tuple  # flat: (producer op id, output index, producer op id, output index, ...)
    control_inputs: tuple  # (op id, ...)
    out_dtypes: tuple  # (dtype enum, ...) per output
    attrs: dict  # name -> engine attribute value (see Operation._engine_node)
    stateful: bool  # never constant-folded


class EngineFeed(NamedTuple):
    """One fed tensor of a plan (Session.make_plan)."""

    node_id: int
    output_index: int
    dims: object  # static dims with -1 for unknown, or None for an unknown rank
    name: str  # the tensor's name, for errors
    shape_str: str  # its static shape as TF1 prints it ("" for an unknown rank)
