"""The audit's checks: each reads the ingested project (never runs it) and returns a CheckResult."""
