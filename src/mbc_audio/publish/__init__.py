"""Publishing a built guide for clinics: every output is a function of manifest.json and the
audio files, so chapter marks, transcripts, feeds and talking books agree to the millisecond."""
