"""Demo command (placeholder until the generator lands)."""


def register(sub):  # noqa: D103
    return None
