"""The organisation registers brought together, and payees matched to them: who is a voluntary,
community or social enterprise by register and number rather than by words in a name."""
