"""A dataset tree as the attributes and parameter inputs of one iterator op; the layout is the
one src_cpp/dataset/spec.cc documents and reads (nodes in post-order, the root last)."""


def encode(dataset, prefix="", attrs=None, counter=None):
    """(attrs, params): the attributes describing `dataset` under `prefix` and its parameter
    tensors in the order the engine binds them (Dataset._all_params)."""
    attrs = {} if attrs is None else attrs
    counter = [0] if counter is None else counter
    kinds, children, nparams, nints, ints, fns, params = [], [], [], [], [], [], []

    def visit(d):
        idx = [visit(c) for c in d._inputs]
        kinds.append(d._kind)
        children.append(len(idx))
        children.extend(idx)
        nparams.append(len(d._params))
        params.extend(d._params)
        nints.append(len(d._ints))
        ints.extend(d._ints)
        if d._fn is None:
            fns.append(-1)
        else:
            k = counter[0]
            counter[0] += 1
            key = f"fn{k}_"
            attrs.update(d._fn.attrs(key))
            if d._fn.returns is not None:
                _, inner = encode(d._fn.returns, key, attrs, counter)
                assert [t for t in inner] == list(d._fn.outputs), "a flat_map function's outputs are its dataset's parameters"
            fns.append(k)
        return len(kinds) - 1

    visit(dataset)
    attrs.update({prefix + "kinds": kinds, prefix + "children": children, prefix + "nparams": nparams,
                  prefix + "nints": nints, prefix + "ints": ints, prefix + "fn": fns})
    return attrs, params
