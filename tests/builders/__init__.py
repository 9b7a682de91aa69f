"""Builders shared by tests and benchmarks: small assessments and presets for planner tests
(``plans``), and the deterministic large programme the benchmarks measure (``programmes``)."""
