"""Evaluation: question sets in, metrics, baselines and a report out."""
