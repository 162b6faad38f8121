"""Ratings of answers (👍/👎) with optional comments, for the office's usage reports."""
