"""The listening player: DAISY-style navigation by levels from the keyboard, with a voice of its
own. navigation.py is pure; output.py holds the audio sinks; app.py is the key loop."""
