"""Demo content: a generator of plausible, invented news articles and its loader."""
