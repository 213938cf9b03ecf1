"""The JSON API under ``/api/v1/``: its response models, its error answers, and the one rule
of which record kinds each role may read. The routers are in ``privacam.server.routes``."""
