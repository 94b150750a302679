import enum
from pathlib import Path

from ..id3 import ID3

class BitrateMode(enum.Enum):
    UNKNOWN = 0
    CBR = 1
    VBR = 2
    ABR = 3

class MPEGInfo:
    length: float
    bitrate: int
    bitrate_mode: BitrateMode
    sample_rate: int
    channels: int

class MP3:
    info: MPEGInfo | None
    tags: ID3 | None
    def __init__(self, filething: str | Path) -> None: ...
