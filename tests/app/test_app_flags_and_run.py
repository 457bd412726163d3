import pytest

from jupyter_flow import app


def test_flags_take_defaults_then_command_line_values_and_run_passes_the_rest():
    f = app._FlagsModule()
    f.DEFINE_integer("steps", 10, "n")
    f.DEFINE_float("lr", 0.5, "lr")
    f.DEFINE_string("logdir", "", "dir")
    f.DEFINE_boolean("debug", False, "dbg")
    assert f.FLAGS.steps == 10 and f.FLAGS.lr == 0.5
    rest = f.FLAGS(["prog", "--steps=3", "--lr", "0.25", "--debug", "extra"])
    assert (f.FLAGS.steps, f.FLAGS.lr, f.FLAGS.debug, rest) == (3, 0.25, True, ["prog", "extra"])
    with pytest.raises(AttributeError, match="no flag 'missing'"):
        f.FLAGS.missing


def test_run_calls_main_with_remaining_argv_and_exits_with_its_value():
    seen = []
    with pytest.raises(SystemExit) as exit_info:
        app.run(main=lambda argv: seen.append(argv) or 0, argv=["prog", "x"])
    assert seen == [["prog", "x"]] and exit_info.value.code == 0
