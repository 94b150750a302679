"""An MP3's length as players hear it: its frames' samples less the encoder's delay and padding,
which the LAME tag in its first frame records and gapless decoders (ffmpeg, miniaudio, browsers)
leave out.

mutagen subtracts them only when the tag names LAME itself; ffmpeg's names "Lavc", so mutagen
counts them in: 46 to 70 ms at 24 kHz, where a frame is 576 samples, more than the manifest's
slack allows.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

from mutagen.mp3 import MP3

# The Xing (or, for a CBR file, Info) header's optional fields, in order: frame count, byte
# count, seek table, quality; each is there when its flag bit is set.
_FIELDS = ((1, 4), (2, 4), (4, 100), (8, 4))
# LAME writes "LAME3.100" or "L3.99", ffmpeg "Lavc60.31" or "Lavf": printable ASCII from "L".
_ENCODER_NAME = re.compile(rb"L[0-9A-Za-z.]{3}")
_FIRST_FRAME_BYTES = 2048  # a first frame is at most 1441 bytes at 320 kb/s and 32 kHz


def playing_seconds(path: Path, mp3: MP3) -> float:
    """The length in seconds that a gapless player plays; mutagen's length when the file has
    no LAME tag to say its delay and padding."""
    info = mp3.info
    assert info is not None, "a file mutagen read as an MP3 has its stream's info"
    frames, trimmed = _xing_frames_and_trim(path, mp3.tags.size if mp3.tags else 0)
    rate = info.sample_rate
    if frames is None or not rate:
        return float(info.length)
    per_frame = 1152 if rate >= 32000 else 576  # MPEG-1 Layer III, else MPEG-2 (LSF)
    return max(frames * per_frame - trimmed, 0) / rate


def _xing_frames_and_trim(path: Path, tag_bytes: int) -> tuple[int | None, int]:
    """The frame count of the Xing/Info header and the delay and padding of the LAME tag after
    it (0 without one); (None, 0) when the first frame has no such header."""
    with path.open("rb") as f:
        f.seek(tag_bytes)
        head = f.read(_FIRST_FRAME_BYTES)
    sync = next((i for i in range(len(head) - 1)
                 if head[i] == 0xFF and head[i + 1] & 0xE0 == 0xE0), None)  # fmt: skip
    if sync is None:
        return None, 0
    # The header follows the frame's side information: 9 to 32 bytes after its 4-byte header.
    side = head[sync + 4 : sync + 40]
    found = max(side.find(b"Xing"), side.find(b"Info"))
    if found < 0:
        return None, 0
    at = sync + 4 + found
    (flags,) = struct.unpack(">I", head[at + 4 : at + 8])
    if not flags & 1:
        return None, 0
    (frames,) = struct.unpack(">I", head[at + 8 : at + 12])
    position = at + 8 + sum(size for bit, size in _FIELDS if flags & bit)
    # The LAME tag: a 9-byte encoder name, then 12 bytes of levels and settings, then the
    # delay and the padding in 12 bits each.
    lame = head[position : position + 24]
    if len(lame) < 24 or not _ENCODER_NAME.fullmatch(lame[:4]):
        return frames, 0  # another encoder's data, or none: nothing known to trim
    delay = (lame[21] << 4) | (lame[22] >> 4)
    padding = ((lame[22] & 0x0F) << 8) | lame[23]
    return frames, delay + padding
