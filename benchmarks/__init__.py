"""Reproducible benchmarks: `make bench` (python -m benchmarks).

Each benchmark times rahbord against a reference measured in the same run
(a plain NumPy computation or a peer library) and prints the ratio, so the
figures mean something on any machine.  Never run by the test suite.
"""
