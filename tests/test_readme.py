"""Every `privacam` command shown in the README's bash examples runs and succeeds, in order."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from privacam.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    lines = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("privacam ")]


def test_readme_shows_the_policy_commands() -> None:
    shown = {shlex.split(line)[1] for line in _readme_commands()}
    assert {"init", "check", "notice", "assess", "run", "anonymize", "models", "demo"} <= shown


@pytest.mark.slow
@pytest.mark.assets
def test_readme_commands_run(tmp_path: Path, monkeypatch, capsys, media_dir, models_dir) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CAMERA_PASSWORD", "pw")
    monkeypatch.setenv("PRIVACAM_MEDIA", str(media_dir))
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    for line in _readme_commands():
        with pytest.raises(SystemExit) as done:
            main([os.path.expandvars(word) for word in shlex.split(line)[1:]])
        output = capsys.readouterr()
        assert done.value.code == 0, f"`{line}` exited {done.value.code}: {output.err}"
    assert (tmp_path / "notice" / "sign-ja.pdf").is_file()
    header = (tmp_path / "counts.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "direction" in header
    assert len(list((tmp_path / "masked" / "img1").glob("*.jpg"))) == 71
    assert (tmp_path / "assessment.html").is_file()
    assert (tmp_path / "demo-out" / "privacam.yaml").is_file()
