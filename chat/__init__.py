"""Grounded answers: generators behind one interface, prompts, and the checks the code owns."""
