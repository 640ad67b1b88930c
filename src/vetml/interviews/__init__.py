"""Interview loops: the scorecards interviewers submit and the debrief built from them."""
