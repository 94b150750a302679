"""Spoken text: what the voice says for each sentence of display text."""
