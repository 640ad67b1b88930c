"""CV review: read a CV in any common format, find the attention-to-detail problems a careful reader
notices, and turn the skills it claims into interview probes.
"""
