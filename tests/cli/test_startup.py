"""``privacam anonymize`` starts without the layers it does not use.

A batch of 71 frames takes about 2 s; loading every command's layers (the store,
every case, SciPy) took 1.5 s more. ``anonymize`` alone loads only its own module,
and the store only with ``--spec``, PyAV and the tracker only for a video.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_HEAVY = (
    'heavy = ("sqlalchemy", "alembic", "scipy", "av", "privacam.store", "privacam.cases.registry", '
    '"yaml", "email_validator")'
)
_PROBE = """
import sys
from privacam.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
HEAVY
print(code, " ".join(sorted(name for name in heavy if name in sys.modules)))
""".replace("HEAVY", _HEAVY)


def _probe(*argv: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, check=True
    )
    code, _, loaded = done.stdout.strip().splitlines()[-1].partition(" ")
    return code, set(loaded.split())


@pytest.mark.assets
def test_anonymizing_images_loads_no_store_no_cases_no_video(
    models_dir: Path, media_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    frame = media_dir / "TUD-Campus" / "img1" / "000001.jpg"
    code, loaded = _probe("anonymize", str(frame), "-o", str(tmp_path / "out"), "--no-qa-sheet")
    assert code == "0"
    assert (tmp_path / "out" / "000001.jpg").is_file()
    assert loaded == set()


@pytest.mark.assets
def test_anonymizing_a_video_loads_pyav_but_not_scipy(
    models_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The carry-over's tracker assigns with `lap` (1 ms to import), not scipy.optimize
    (0.34 s of every video's start-up)."""
    from tests.cases.street.helpers import write_video

    monkeypatch.setenv("PRIVACAM_MODELS", str(models_dir))
    video = tmp_path / "in" / "clip.mp4"
    video.parent.mkdir()
    write_video(video, frames=3)
    code, loaded = _probe("anonymize", str(video), "-o", str(tmp_path / "out"), "--no-qa-sheet")
    assert code == "0"
    assert (tmp_path / "out" / "clip.mp4").is_file()
    assert loaded == {"av"}


def test_help_still_lists_every_command_after_anonymize_loaded_alone() -> None:
    from privacam.cli import commands

    commands(["anonymize"])  # as `privacam anonymize` does first
    names = [info.callback.__name__ for info in commands().registered_commands]
    assert "anonymize" in names and "check" in names and "run" in names
    # the order of `privacam --help` is the modules' order, not the order they loaded in
    assert names.index("check") < names.index("run") < names.index("anonymize")


def test_anonymize_help_is_reachable_alone() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "anonymize", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "--delete-originals" in done.stdout


def test_run_loads_neither_the_server_nor_the_rights_desk(tmp_path: Path) -> None:
    probe = _PROBE.replace(
        _HEAVY,
        'heavy = ("fastapi", "privacam.server", "privacam.rights", "privacam.cli.vault_commands")',
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "run", str(tmp_path / "missing.yaml")],
        capture_output=True,
        text=True,
    )
    code, _, loaded = done.stdout.strip().splitlines()[-1].partition(" ")
    assert code != "0"  # the file is missing: refused, in one line
    assert "missing.yaml" in done.stderr
    assert set(loaded.split()) - {""} == set()


def test_the_deployment_schema_builds_its_validators_on_first_use() -> None:
    """Importing the schema builds no validator (``defer_build``): an images-only
    ``anonymize`` needs StreetSettings' alone, and ``Deployment``'s costs 0.02 s."""
    probe = (
        "from privacam.policy import spec\n"
        "before = spec.Deployment.__pydantic_complete__\n"
        "spec.StreetSettings()\n"
        "print(before, spec.StreetSettings.__pydantic_complete__)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
