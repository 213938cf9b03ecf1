"""privacam: privacy-by-design camera analytics for the Camera Image Utilization Guidebook ver3.0.

Layers, each knowing only the ones below it (see DESIGN.md):
``policy`` (the guidebook as code), ``vision`` (pixels to boxes, tracks and masks),
``cases``, ``store``, ``rights``, ``server``, and a thin ``cli``.
"""

__version__ = "0.1.0"
