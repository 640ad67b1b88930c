"""Auditing a candidate's ML project for production readiness."""
