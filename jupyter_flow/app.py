"""tf.app: run(main) and the tf.app.flags (tf.flags) command-line flags of TF 1.x programs.
FLAGS values come from the DEFINE_* defaults, overridden by --name=value (or --name value) on the
command line when run() parses argv; run() passes main the arguments no flag consumed."""
import sys


class _FlagValues:
    """FLAGS: attribute access to the defined flags; parses argv on first run()."""

    def __init__(self):
        object.__setattr__(self, "_defs", {})
        object.__setattr__(self, "_values", {})

    def _define(self, name, default, help_text, parse):
        self._defs[name] = (parse, help_text)
        self._values[name] = default

    def __getattr__(self, name):
        values = object.__getattribute__(self, "_values")
        if name not in values:
            raise AttributeError(f"tf.app.flags.FLAGS has no flag {name!r}; define it with "
                                 f"tf.app.flags.DEFINE_string/integer/float/boolean first.")
        return values[name]

    def __setattr__(self, name, value):
        self._values[name] = value

    def __call__(self, argv):
        """Parses --flags out of argv (argv[0] is the program) and returns the rest."""
        rest, i = [argv[0]] if argv else [], 1
        while i < len(argv):
            arg = argv[i]
            name, _, value = arg[2:].partition("=") if arg.startswith("--") else ("", "", "")
            if name.startswith("no") and name[2:] in self._defs and self._defs[name[2:]][0] is _parse_bool:
                self._values[name[2:]] = False
            elif name in self._defs:
                parse = self._defs[name][0]
                if not _ and parse is not _parse_bool:
                    i += 1
                    value = argv[i]
                self._values[name] = parse(value) if (_ or parse is not _parse_bool) else True
            else:
                rest.append(arg)
            i += 1
        return rest


def _parse_bool(text):
    return str(text).lower() in ("1", "true", "t", "yes", "y")


class _FlagsModule:
    def __init__(self):
        self.FLAGS = _FlagValues()

    def DEFINE_string(self, name, default, help=None):  # noqa: A002, N802 - TF's signature
        self.FLAGS._define(name, default, help, str)

    def DEFINE_integer(self, name, default, help=None):  # noqa: A002, N802
        self.FLAGS._define(name, default, help, int)

    def DEFINE_float(self, name, default, help=None):  # noqa: A002, N802
        self.FLAGS._define(name, default, help, float)

    def DEFINE_boolean(self, name, default, help=None):  # noqa: A002, N802
        self.FLAGS._define(name, default, help, _parse_bool)

    DEFINE_bool = DEFINE_boolean


flags = _FlagsModule()


def run(main=None, argv=None):
    """Parses the flags out of argv (default sys.argv), calls main(remaining_argv) and exits with
    its return value, like TF 1.x's tf.app.run."""
    main = main or sys.modules["__main__"].main
    remaining = flags.FLAGS(list(sys.argv if argv is None else argv))
    sys.exit(main(remaining))
