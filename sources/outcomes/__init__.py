"""Partners' quarterly outcome returns: what each partner achieved, per measure and quarter."""
