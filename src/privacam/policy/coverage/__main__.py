"""``python -m privacam.policy.coverage > docs/guidebook-coverage.md``."""

from privacam.policy.coverage.render import generate

print(generate(), end="")
