"""Scoring a cohort from the command line: films found in folders and globs, several worker
processes, JSON Lines and wide CSV output that a second run resumes, a progress line."""
