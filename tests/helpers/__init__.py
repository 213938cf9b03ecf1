"""Setup code shared by tests in more than one folder (not fixtures: plain functions)."""
