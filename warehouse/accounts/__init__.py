"""The social value accounts: valuation maths, assumptions and the marts built from them.

`valuation` holds the arithmetic as pure functions (no warehouse, no Dagster); `assumptions` the
choices a council may change; the other modules build one mart each. docs/method.md states every
formula in plain words.
"""
