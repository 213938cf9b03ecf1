"""A finished ``privacam anonymize`` leaves without the interpreter's teardown (0.1 s),
yet runs every exit handler, flushes its output and keeps its exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# __main__'s canary is freed only by the interpreter's teardown; the atexit handler runs
# either way. The script is the console entry point: main() with no arguments.
_SCRIPT = """
import atexit, os, sys
class Canary:
    def __del__(self):
        os.write(2, b"teardown ran\\n")
canary = Canary()
atexit.register(lambda: os.write(2, b"atexit ran\\n"))
from privacam.cli import main
sys.argv = ["privacam", *sys.argv[1:]]
main()
"""


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, *argv], capture_output=True, text=True, timeout=120
    )


@pytest.mark.assets
def test_a_finished_anonymize_skips_the_teardown_but_not_the_exit_handlers(
    models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    frame = media_dir / "TUD-Campus" / "img1" / "000001.jpg"
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 not a jpeg")
    done = _run("anonymize", str(frame), str(bad), "-o", str(tmp_path / "out"), "--no-qa-sheet")
    assert done.returncode == 1  # the bad input's exit code survives the quick exit
    assert "anonymized 1 file(s)" in done.stdout  # flushed before os._exit
    assert "atexit ran" in done.stderr
    assert "teardown ran" not in done.stderr
    assert (tmp_path / "out" / "000001.jpg").is_file()


def test_other_commands_and_refusals_exit_the_usual_way(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # an output folder inside the inputs: refused before anything is written (exit 2)
    refused = _run("anonymize", str(inputs), "-o", str(inputs / "out"))
    assert refused.returncode == 2
    assert "teardown ran" in refused.stderr
    other = _run("check", str(tmp_path / "missing.yaml"))
    assert other.returncode != 0
    assert "atexit ran" in other.stderr and "teardown ran" in other.stderr
