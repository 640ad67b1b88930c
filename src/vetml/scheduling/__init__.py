"""Scheduling across time zones: availability, the loop slot finder, candidate self-scheduling and invites.

Every instant is stored and compared in UTC; a time zone is only used to turn someone's local working
hours into UTC intervals and to show an instant back to a person in their own zone.
"""
