"""Background work: judging code and grading written answers, in this process or on Celery workers.

Work is always written to the database first and sent to a queue only once that transaction has
committed (``outbox``), so a broker that is down delays work but never loses it; the ``sweeper``
sends again whatever stayed queued or running past its deadline. The task bodies are idempotent
(an id in, a conditional write out), so a message delivered twice does the work once.
"""
