"""One root exception for everything mbc-audio reports to its users.

Errors carry the file (and line) they are about; only the CLI turns them into
one plain line and an exit status.
"""

from __future__ import annotations

from pathlib import Path


class MbcAudioError(Exception):
    """Root of every error mbc-audio raises on purpose."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        return where + self.message


class ContentError(MbcAudioError, ValueError):
    """A content document, guide.toml or lexicon that cannot be used as it is."""


class ContentFileError(MbcAudioError, OSError):
    """A content file that is missing or cannot be read."""


class EngineUnavailable(MbcAudioError, RuntimeError):
    """A speech engine, voice or tool that is not installed; the message says how to install it."""


class RenderError(MbcAudioError, RuntimeError):
    """A sentence that could not be turned into plausible audio, even on a second try."""


class ToolError(MbcAudioError, RuntimeError):
    """An external tool (ffmpeg, ffprobe) that failed; the message names the command."""


class ManifestError(MbcAudioError, ValueError):
    """A manifest.json that is missing, unreadable or not what this version writes."""


class CheckFailed(MbcAudioError, RuntimeError):
    """A built guide that failed its checks; the previous guide was kept."""


class UsageError(MbcAudioError, ValueError):
    """An option or argument that cannot be used as given; the message says what would do."""
