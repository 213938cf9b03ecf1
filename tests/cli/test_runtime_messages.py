"""What `run` and `demo` say to a new user: the right command for case ⑤, only the demos
that exist, and a `-v` log with each thing said once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from privacam.cases.registry import BUILT_CASES
from privacam.cli.runtime_commands import DemoCase
from privacam.policy.loader import load_spec
from privacam.policy.notice import render_notice
from privacam.policy.spec import Case
from privacam.runtime.demo import write_demo_deployment
from privacam.runtime.sample_media import SampleMedia
from tests.helpers.cli import run
from tests.runtime.conftest import synthetic_video


def test_run_on_a_street_file_points_to_privacam_anonymize(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "privacam.yaml"
    run(capsys, "init", "--case", "street", "-o", str(spec))
    code, _, err = run(capsys, "run", str(spec), "--no-progress")
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert "privacam anonymize" in lines[0] and f"--spec {spec}" in lines[0]
    assert "事例⑤" in lines[0]


def test_demo_help_lists_only_the_cases_it_can_demo(tmp_path: Path, capsys) -> None:
    code, out, _ = run(capsys, "demo", "--help")
    assert code == 0
    assert all(case in out for case in ("counting", "flow", "crowd"))
    assert "attributes" not in out and "street" not in out
    assert {c.value for c in DemoCase} == set(BUILT_CASES) - {"attributes", "repeat"}
    code, _, _ = run(capsys, "demo", "--case", "repeat", "-o", str(tmp_path / "out"))
    assert code == 2 and not (tmp_path / "out").exists()  # refused as a usage error


def _privacam(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    code = "import sys; from privacam.cli import main; main(sys.argv[1:])"
    environment = {**os.environ, "PRIVACAM_AUDIT_KEY_FILE": str(tmp_path / "audit.key"), **env}
    for chosen in ("OPENCV_LOG_LEVEL", "OPENCV_FFMPEG_LOGLEVEL"):  # a developer's own choice
        environment.pop(chosen, None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counting_site(tmp_path: Path, source: Path) -> Path:
    path = write_demo_deployment(
        tmp_path / "site", Case.counting, SampleMedia(str(source), None, "t")
    )
    render_notice(load_spec(path), path.parent / "notice")
    return path


def test_a_broken_video_is_one_line_without_opencv_or_ffmpeg_chatter(tmp_path: Path) -> None:
    video = synthetic_video(tmp_path / "clip.mp4", frames=10)
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(video.read_bytes()[:2000])  # no moov atom: FFmpeg complains loudly
    path = _counting_site(tmp_path, truncated)
    done = _privacam(["run", str(path), "--no-progress", "-v"], tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and lines[0].startswith("privacam: error: cannot open"), lines


@pytest.mark.assets
@pytest.mark.slow
def test_verbose_run_says_each_model_once_without_alembic_or_opencv_chatter(
    models_dir: Path, tmp_path: Path
) -> None:
    path = _counting_site(tmp_path, synthetic_video(tmp_path / "clip.avi", frames=6))
    done = _privacam(
        ["run", str(path), "--no-progress", "-v"], tmp_path, PRIVACAM_MODELS=str(models_dir)
    )
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert output.count("yolox_nano") == 1, output
    for chatter in ("Context impl", "Will assume", "alembic", "[ WARN", "VIDEOIO"):
        assert chatter not in output
