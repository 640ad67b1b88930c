"""Interview loops: which modules, questions and challenges a candidate meets, and why."""
