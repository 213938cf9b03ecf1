"""Which person tracks began and ended in a frame: the lifetime cases ① and ③ keep state for.

Both cases hold something per person only while that person's track lives (votes, a few
features) and settle it when the track ends. A track id the tracker reuses after a reset
is a new person: the old one is ended first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from privacam.vision.tracking import TrackUpdate

PERSON = 0


@dataclass(frozen=True)
class TrackChanges:
    """The person tracks of one frame: those to end (first), those alive after it."""

    ended: list[int] = field(default_factory=list)
    alive: list[int] = field(default_factory=list)


def person_track_changes(update: TrackUpdate, known: set[int]) -> TrackChanges:
    """What changed in ``update`` for the person tracks in ``known`` (the ones a case holds).

    ``ended`` lists the known tracks that ended, and those whose id a ``new`` track took
    again (before it starts over); ``alive`` lists the person tracks confirmed or matched
    in this frame, new ones included.
    """
    ended: list[int] = []
    alive: list[int] = []
    for event in update.events:
        if event.class_id != PERSON:
            continue
        if event.kind == "new":
            if event.tracker_id in known:
                ended.append(event.tracker_id)
            alive.append(event.tracker_id)
        elif event.kind == "ended" and event.tracker_id in known:
            ended.append(event.tracker_id)
    tracked = update.tracked
    if len(tracked) and tracked.tracker_id is not None:
        for class_id, tracker_id in zip(
            tracked.class_ids.tolist(), tracked.tracker_id.tolist(), strict=True
        ):
            if int(class_id) == PERSON:
                alive.append(int(tracker_id))
    return TrackChanges(ended, list(dict.fromkeys(alive)))
