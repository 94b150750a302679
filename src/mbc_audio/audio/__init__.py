"""Topic tracks: assembly from cached utterances, loudness, MP3 encoding and tags."""
