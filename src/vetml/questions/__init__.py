"""The question bank: versioned questions with reference answers and weighted rubrics."""
