"""The benchmark corpus: clean CVs we wrote ourselves, rendered to every format, with defects injected."""
