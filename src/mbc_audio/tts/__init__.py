"""Speech engines behind one interface, and the cache of rendered utterances."""
