"""Interview loops: planning, interviews, scorecards, the debrief, the decision and online assessments."""
