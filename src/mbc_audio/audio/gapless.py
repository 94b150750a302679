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
_SYNC = re.compile(rb"\xff[\xe0-\xff]")  # an MPEG audio frame's first 11 bits, all set
_SEARCHED_BYTES = 8192  # for the first frame, after the ID3 tag (and any junk or padding)


def playing_seconds(path: Path, mp3: MP3) -> float:
    """The length in seconds that a gapless player plays; mutagen's length when the file has
    no LAME tag to say its delay and padding, or its first frame cannot be read."""
    info = mp3.info
    assert info is not None, "a file mutagen read as an MP3 has its stream's info"
    try:
        frames, trimmed = _xing_frames_and_trim(path, mp3.tags.size if mp3.tags is not None else 0)
    except (OSError, struct.error, IndexError):  # cut short or damaged: what mutagen read
        return float(info.length)
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
        head = f.read(_SEARCHED_BYTES)
    sync = _SYNC.search(head)
    if sync is None:
        return None, 0
    # The header follows the frame's side information: 9 to 32 bytes after its 4-byte header.
    start = sync.start() + 4
    found = max(head.find(b"Xing", start, start + 36), head.find(b"Info", start, start + 36))
    if found < 0:
        return None, 0
    flags, frames = struct.unpack_from(">II", head, found + 4)
    if not flags & 1:
        return None, 0
    position = found + 8 + sum(size for bit, size in _FIELDS if flags & bit)
    # The LAME tag: a 9-byte encoder name, then 12 bytes of levels and settings, then the
    # delay and the padding in 12 bits each.
    lame = head[position : position + 24]
    if len(lame) < 24 or not _ENCODER_NAME.fullmatch(lame[:4]):
        return frames, 0  # another encoder's data, or none: nothing known to trim
    delay = (lame[21] << 4) | (lame[22] >> 4)
    padding = ((lame[22] & 0x0F) << 8) | lame[23]
    return frames, delay + padding
