"""The published guide's real clients and validators, as the tests use them: the DAISY 2.02
RELAX NG schemas, the Podcasting 2.0 XSD, and headless Chromium serving a folder on localhost."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import shutil
import signal
import threading
from pathlib import Path

import pytest

from .conftest import REPO

SCHEMAS = REPO.parent / "shared" / "schemas"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As root and offline: no sandbox, and nothing that reaches for Google's servers.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip


def need_schemas() -> Path:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the shared schemas are not here ({SCHEMAS}); CI has them")
    return SCHEMAS


@functools.cache
def daisy_schemas(tmp: Path) -> dict:
    """lxml RelaxNG validators for ncc.html and SMIL files. libxml2 does not know the DTD
    compatibility datatypes the schemas name; XML Schema's datatypes have ID and IDREF too."""
    from lxml import etree

    copy = tmp / "daisy202"
    shutil.copytree(need_schemas() / "daisy202", copy, dirs_exist_ok=True)
    for rng in copy.rglob("*.rng"):
        rng.write_text(
            rng.read_text(encoding="utf-8").replace(
                "http://relaxng.org/ns/compatibility/datatypes/1.0",
                "http://www.w3.org/2001/XMLSchema-datatypes",
            ),
            encoding="utf-8",
        )
    return {
        kind: etree.RelaxNG(etree.parse(str(copy / "d202" / f"d202{kind}.rng")))
        for kind in ("ncc", "smil")
    }


def podcast_schema():
    import xmlschema

    return xmlschema.XMLSchema(str(need_schemas() / "podcast" / "podcast-wrapper.xsd"))


@contextlib.contextmanager
def served(folder: Path):
    """The folder over HTTP on localhost, as a clinic's web server would serve it."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_head(self):  # type: ignore[no-untyped-def]
            """Byte ranges, as web servers answer them: a browser seeks in an MP3 only so."""
            path = Path(self.translate_path(self.path))
            asked = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
            if asked is None or not path.is_file():
                return super().send_head()
            data = path.read_bytes()
            start = int(asked[1])
            end = min(int(asked[2] or len(data) - 1), len(data) - 1)
            if start > end:
                self.send_error(416)
                return None
            self.send_response(206)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            return io.BytesIO(data[start : end + 1])

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium_page(folder: Path, page_name: str):
    """The folder served and page_name open in headless Chromium: the page, and the console's
    errors and warnings and the page's uncaught errors, collected while it is open."""
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed; scripts/setup test installs it")
    from playwright.sync_api import sync_playwright

    messages: list[str] = []
    with served(folder) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: m.type in ("error", "warning") and messages.append(m.text))
            page.on("pageerror", lambda e: messages.append(str(e)))
            page.goto(url + page_name)
            yield page, messages
        finally:
            browser.close()


def interruptible() -> None:
    """For Popen's preexec_fn: Ctrl-C reaches the command as at a terminal, even when the tests
    run in the background (a shell starts a background job with SIGINT ignored, a child keeps
    that, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
