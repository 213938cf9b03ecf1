"""Commands of the policy layer: init, check, notice, assess, demo."""
