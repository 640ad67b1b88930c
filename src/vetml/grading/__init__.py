"""Grading written answers against a question's rubric, with the evidence for every number."""
