"""Unused by a `kind: tests` challenge, present because every challenge folder has a tests.py.

The judge runs the candidate's test functions against target.py (all must pass) and then against each
of mutants/*.py (at least one must fail); reference.py is our own test file, which catches every mutant.
"""


def examples():
    return []


def hidden():
    return iter(())
