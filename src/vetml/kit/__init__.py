"""Small helpers that know nothing about hiring."""
