"""The 360Giving schemas re-published grants are checked against (see README.md)."""
