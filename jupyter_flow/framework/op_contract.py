"""The contract between the Python op registry (OP_DEFS) and the C++ kernel registry: every op
defined in Python has a kernel of the same name (unless declared python_only), every kernel has
a Python definition, and both sides agree on which inputs are ref inputs."""


def contract_problems(op_defs, kernel_types, kernel_ref_inputs):
    """What breaks the contract, one sentence per problem ([] when the registries agree).

    >>> from jupyter_flow import _engine
    >>> contract_problems(OP_DEFS, _engine.registered_kernels(), _engine.kernel_ref_inputs)   # []
    """
    kernels = set(kernel_types)
    problems = []
    for op_type, d in sorted(op_defs.items()):
        if d.python_only:
            if op_type in kernels:
                problems.append(f"op '{op_type}' is declared python_only but a C++ kernel is registered for it; "
                                f"drop python_only=True from its define_op")
            continue
        if op_type not in kernels:
            problems.append(f"op '{op_type}' is defined in Python but no C++ kernel is registered under that name; "
                            f"add JF_REGISTER_KERNEL(\"{op_type}\", ...) in src_cpp/kernels/, or declare it "
                            f"define_op(..., python_only=True) if no plan ever runs it")
            continue
        cpp_refs = tuple(sorted(kernel_ref_inputs(op_type)))
        py_refs = tuple(sorted(d.ref_inputs))
        if cpp_refs != py_refs:
            problems.append(f"op '{op_type}' has ref inputs {list(py_refs)} in Python (define_op ref_inputs) but "
                            f"{list(cpp_refs)} in its C++ kernel registration; make them the same")
    for op_type in sorted(kernels - set(op_defs)):
        problems.append(f"a C++ kernel is registered for '{op_type}' but no op of that type is defined in Python; "
                        f"add its define_op in jupyter_flow/ops/, or remove the kernel")
    return problems
