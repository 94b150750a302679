from collections.abc import Iterator
from pathlib import Path

class MP4Info:
    length: float

class Chapter:
    title: str
    start: float

class MP4Chapters:
    def __iter__(self) -> Iterator[Chapter]: ...

class MP4:
    info: MP4Info | None
    chapters: MP4Chapters | None
    def __init__(self, filething: str | Path) -> None: ...
