"""Staff accounts: users with roles, sign-in sessions, API tokens."""
