"""The pure core of CX Maturity: scoring, roadmap, team aggregation, chart
geometry, text cleaning and spreadsheet-cell safety.

Nothing in this package imports Django or any app of the project: apps depend
on it, never the other way round (tests/maturity/test_layering.py keeps it so).
See docs/architecture.md.
"""
