"""The code judge: challenges, the sandbox that runs candidate code, checkers and verdicts."""
