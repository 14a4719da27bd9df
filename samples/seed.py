"""The one seed behind every draw, and each section's own generator taken from it."""

import random

SEED = 20240401


def child_rng(master: random.Random) -> random.Random:
    """A section's own generator, so one section's draws never shift another's."""
    return random.Random(master.randrange(2**32))
