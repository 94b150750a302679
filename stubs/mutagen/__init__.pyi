# Types for the part of mutagen mbc-audio uses (mutagen's own annotations leave its frames and
# files untyped), so that `mypy --strict` checks the calls. Only what src/ uses is declared.

class MutagenError(Exception): ...
