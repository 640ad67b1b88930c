"""The hiring pipeline: hiring requests, candidates, their stages and the audit log."""
