import enum
from collections.abc import Iterator
from typing import Literal, overload

class Frame: ...

class TextFrame(Frame):
    text: list[str]
    def __init__(self, encoding: int = ..., text: str | list[str] = ...) -> None: ...

class TIT2(TextFrame): ...
class TALB(TextFrame): ...
class TPE1(TextFrame): ...
class TRCK(TextFrame): ...
class TCON(TextFrame): ...
class TLAN(TextFrame): ...

class COMM(TextFrame):
    def __init__(
        self, encoding: int = ..., lang: str = ..., desc: str = ..., text: str | list[str] = ...
    ) -> None: ...

class CTOCFlags(enum.IntFlag):
    TOP_LEVEL = 2
    ORDERED = 1

class _SubFrames:
    def get(self, key: str, default: str = ...) -> Frame | str: ...

class CHAP(Frame):
    element_id: str
    start_time: int
    end_time: int
    start_offset: int
    end_offset: int
    sub_frames: _SubFrames
    def __init__(
        self,
        element_id: str = ...,
        start_time: int = ...,
        end_time: int = ...,
        start_offset: int = ...,
        end_offset: int = ...,
        sub_frames: list[Frame] = ...,
    ) -> None: ...

class CTOC(Frame):
    element_id: str
    flags: CTOCFlags
    child_element_ids: list[str]
    sub_frames: _SubFrames
    def __init__(
        self,
        element_id: str = ...,
        flags: CTOCFlags = ...,
        child_element_ids: list[str] = ...,
        sub_frames: list[Frame] = ...,
    ) -> None: ...

class ID3:
    size: int
    def __init__(self) -> None: ...
    def add(self, frame: Frame) -> None: ...
    @overload
    def getall(self, key: Literal["CHAP"]) -> list[CHAP]: ...
    @overload
    def getall(self, key: Literal["CTOC"]) -> list[CTOC]: ...
    @overload
    def getall(self, key: str) -> list[Frame]: ...
    def values(self) -> Iterator[Frame]: ...
    def save(self, filething: str, v2_version: int = ...) -> None: ...
