"""The code follows the ruff configuration in pyproject.toml ([tool.ruff])."""
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent


def test_the_code_follows_the_ruff_configuration():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", str(REPO)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, f"ruff found problems (fix them, or run `ruff check --fix`):\n{result.stdout}{result.stderr}"
