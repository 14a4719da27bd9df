"""Grants published to the 360Giving Data Standard (1.4), as a JSON package or a spreadsheet."""
