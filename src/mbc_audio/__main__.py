"""python -m mbc_audio: the same as the mbc-audio command."""

from .cli import main

main()
