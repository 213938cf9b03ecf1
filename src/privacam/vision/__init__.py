"""The vision layer: pixels to boxes, tracks and masks.

It knows nothing of cases or storage. Its currency types live in
:mod:`privacam.vision.types`: ``Frame`` → ``Detections`` → ``Tracks``.
"""
