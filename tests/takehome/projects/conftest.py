"""The sample projects are data for the take-home audit, not part of vetml's test suite.

Their own tests import packages that are not installed here and use markers vetml does not register,
so pytest must not collect anything below this folder. The audit runs them itself, in a sandbox.
"""

collect_ignore_glob = ["*"]
