"""Checks a built guide before it reaches patients: levels, structure, fidelity, intelligibility."""
