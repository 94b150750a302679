"""The mbc-audio command. Each command is a thin layer over a function that can be tested;
errors become one plain line here and nowhere else."""

from __future__ import annotations

import datetime
import json
import os
import sys
from errno import ENOSPC
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .engines import create_engine, engine_class, engine_names
from .errors import (
    CheckFailed,
    EngineUnavailable,
    MbcAudioError,
    RenderError,
    UsageError,
    os_error_in,
    os_error_line,
)
from .fsio import default_cache_dir, remembered_together
from .tools import stop_all

if TYPE_CHECKING:
    from .speech.lexicon import Lexicon
    from .timeline import Timeline

# Each command imports what it alone needs (the parser, the checks, publishing, the speech
# rules) inside its function: mbc-audio starts in a fraction of the time, and an unchanged
# build answers at once.

EXIT_FINDINGS = 1  # the command ran and found problems (lint or check findings)
EXIT_BAD_INPUT = 2  # the input could not be used; the message says what to do

_ENGINE_CHOICES = ", ".join(["auto", *engine_names()])  # from the registry: plug-ins too

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("content"),
    show_default=True,
    help="The folder holding guide.toml, lexicon.toml and the documents.",
)


# What Ctrl-C leaves, said in the one line printed when a command is stopped.
_KEPT_ON_STOP = {
    "build": "the guide built before was kept as it was, and what was rendered stays in the cache",
    "publish": "the last publish was kept as it was",
    "import": "no draft was left half-written",
    "play": "your place was kept",
}


def _one_line(message: str) -> str:
    """A message quoting the user's text (a key, a file name) stays one plain line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


class _Command(click.Command):
    """A command whose path-less OSError (a full disk while writing) names the folders it writes."""

    WRITES = ("out_dir", "output", "cache_dir")  # the options naming where a command writes

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with remembered_together():  # the files' digests it learns: one write, at its end
                return super().invoke(ctx)
        except Exception as e:
            fault = os_error_in(e)
            if fault is not None and fault.filename is None and fault.filename2 is None:
                folders = [Path(ctx.params[n]) for n in self.WRITES if ctx.params.get(n)]
                full = [f for f in folders if _nearly_full(f)] if fault.errno == ENOSPC else []
                if full or folders:  # one folder: the one that is full, else the output
                    fault.filename = str((full or folders)[0])
            raise


def _nearly_full(folder: Path) -> bool:
    """Whether the disk holding folder (or its nearest existing parent) has under 1 MiB free."""
    if not hasattr(os, "statvfs"):  # Windows
        return False
    for place in (folder, *folder.absolute().parents):
        try:
            stats = os.statvfs(place)
        except OSError:
            continue
        return stats.f_bavail * stats.f_frsize < 1 << 20
    return False


class _Group(click.Group):
    """Turns mbc-audio's own errors into one line on stderr: exit status 2 for input that cannot
    be used, 1 for a guide that failed its checks."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CheckFailed as e:
            click.echo(f"Failed: {_one_line(str(e))}", err=True)
            ctx.exit(EXIT_FINDINGS)
        except MbcAudioError as e:
            click.echo(f"Error: {_one_line(str(e))}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except click.UsageError as e:  # an option click refused: one line, not the usage text
            message = e.format_message().replace("\n", " ")
            if e.ctx is not None:
                message += (" " if message.endswith((".", "?")) else ". ") + (
                    f"See {e.ctx.command_path} --help."
                )
            click.echo(f"Error: {message}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so exit's flush cannot fail again
            ctx.exit(EXIT_FINDINGS)
        except OSError as e:  # read-only, full, forbidden: the path and what to do
            click.echo(f"Error: {_one_line(os_error_line(e))}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except Exception as e:  # a library's error that wraps one of the machine's faults
            fault = os_error_in(e)
            if fault is None:
                raise
            click.echo(f"Error: {_one_line(os_error_line(fault))}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            stop_all()
            kept = _KEPT_ON_STOP.get(ctx.invoked_subcommand or "", "nothing was changed")
            click.echo(f"Stopped; {kept}.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mbc-audio")
def cli() -> None:
    """Turn patient-education documents into a spoken, chaptered audio guide."""


@cli.command()
@content_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole guide model as JSON.")
def outline(content_dir: Path, as_json: bool) -> None:
    """List the guide's parts and topics, with sentences and estimated minutes."""
    from .content.outline import outline_lines
    from .content.parse import load_guide
    guide = load_guide(content_dir)
    if as_json:
        click.echo(json.dumps(guide.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in outline_lines(guide):
        click.echo(line)


@cli.command()
@content_option
def lint(content_dir: Path) -> None:
    """Find empty topics, lost lists, unknown abbreviations and symbols, long sentences."""
    from .content.config import guide_lexicon
    from .content.lint import lint_guide
    from .content.parse import load_guide
    guide = load_guide(content_dir)
    findings = lint_guide(guide, guide_lexicon(content_dir), content_dir.as_posix())
    for finding in findings:
        click.echo(_one_line(str(finding)))
    errors = sum(f.fails() for f in findings)
    warnings = len(findings) - errors
    click.echo(
        f"{'Failed' if errors else 'Passed'}: {errors} errors, {warnings} warnings "
        f"in {len(guide.topics)} topics."
    )
    if errors:
        sys.exit(EXIT_FINDINGS)


@cli.command(name="new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The guide's title, as listeners hear it first.")
@click.option("--publisher", help="The clinic or service that publishes it.")
@click.option("--version", "edition", default="1.0", show_default=True,
              help="This edition's version; it names the published zip.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="This edition's date, YYYY-MM-DD (default: today).")
@click.option("--language", default="en-US", show_default=True, help="BCP 47, such as en-GB.")
def new(folder: Path, title: str | None, publisher: str | None, edition: str,
        day: datetime.datetime | None, language: str) -> None:  # fmt: skip
    """Start a clinic's own guide in FOLDER: guide.toml and an empty lexicon.toml, no documents.

    The title and publisher are asked for when not given (and must be given when the input is
    not a terminal). Then import the clinic's leaflets into FOLDER with mbc-audio import.
    """
    from .content.config import valid_version
    from .content.new import NewGuide, start_guide

    title = _given_or_asked(title, "--title", "The guide's title")
    publisher = _given_or_asked(publisher, "--publisher", "Who publishes it (your clinic)")
    if not valid_version(edition):
        raise UsageError(
            f'--version "{edition}" must be letters, digits, dots and hyphens, such as 1.0 or 2025-1'
        )
    guide = NewGuide(title, publisher, edition, day.date() if day else None, language)
    for path in start_guide(folder, guide):
        click.echo(f"Wrote {path}.")
    click.echo(
        f"Next: mbc-audio import LEAFLET --out {folder}, read the draft, add its file name to "
        f"documents in {folder / 'guide.toml'}, then mbc-audio lint --content {folder}."
    )


def _given_or_asked(value: str | None, option: str, question: str) -> str:
    """The option's value, or the answer typed at the terminal; one line when neither."""
    if value is None and sys.stdin.isatty():
        value = click.prompt(question)
    if value is None or not value.strip():
        raise UsageError(f"give {option}, such as {option} \"...\" (it cannot be empty)")
    return value.strip()


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Where to write the Markdown drafts.",
)
def import_(files: tuple[Path, ...], out_dir: Path) -> None:
    """Turn Word (.docx), PDF, plain-text, HTML or Markdown documents into Markdown drafts.

    Each draft is written beside the others in --out and never over an existing file.
    Add it to the documents list in guide.toml once it has been reviewed.
    """
    from .content.importer import check_targets, import_document, write_draft
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(
            f"--out {out_dir} is a file; give the folder the drafts go in, such as --out content"
        )
    drafts = [import_document(path, out_dir) for path in files]  # all read before any written
    check_targets(list(files), drafts)
    for source, draft in zip(files, drafts, strict=True):
        write_draft(draft)
        for warning in draft.warnings:
            click.echo(str(warning), err=True)
        click.echo(f"Wrote {draft.path} from {source}; review it, then add it to guide.toml.")


@cli.command(name="build")
@content_option
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("dist"),
    show_default=True, help="Where the guide's folder goes.",
)  # fmt: skip
@click.option("--engine", help=f"{_ENGINE_CHOICES} (default: the guide's choice).")
@click.option("--voice", help="A voice of that engine (default: the guide's choice).")
@click.option(
    "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default=True,
    help="Sentences rendered and tracks encoded at once.",
)  # fmt: skip
@click.option(
    "--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
    default=default_cache_dir(), show_default=True, help="The cache of rendered sentences.",
)  # fmt: skip
@click.option("--strict", is_flag=True, help="Fail when the checks warn, not only when they fail.")
@click.option(
    "--listen", is_flag=True,
    help="Then listen (Whisper) to the titles and sentences this build said anew, and list what was not heard.",
)  # fmt: skip
def build_(
    content_dir: Path, out_dir: Path, engine: str | None, voice: str | None, jobs: int,
    cache_dir: Path, strict: bool, listen: bool,
) -> None:
    """Render the guide into chaptered MP3 tracks and manifest.json, and check it.

    The new guide replaces the old one only when it is complete and passes its checks
    (levels, structure, fidelity); an unchanged guide is left as it is, and a changed
    sentence renders only that sentence again.
    """
    from .build import BuildOptions, build
    options = BuildOptions(content_dir, out_dir, engine, voice, jobs, cache_dir, strict=strict)
    before = _guide_before(content_dir, out_dir) if listen else None
    result = build(options, report=click.echo)
    minutes = result.duration_ms / 60_000
    if not result.up_to_date:
        click.echo(
            f"Built: {result.tracks} tracks, {minutes:.1f} minutes, in {result.folder}; "
            f"{result.rendered} sentences rendered, {result.encoded} tracks encoded."
        )
    first = sorted(result.folder.glob("*.mp3"))[0]
    click.echo(f"Listen: open {first} in any audio player; the tracks play in order.")
    global _ended
    _ended = not listen  # the recogniser's threads are left to end as they do
    if listen:
        from .check.run import listen_to_changes
        heard = listen_to_changes(result.folder, before)
        if not heard.findings and not heard.guide:
            click.echo("Listened: nothing was said anew.")
        for line in heard.lines()[:-1]:
            click.echo(line)


def _guide_before(content_dir: Path, out_dir: Path) -> Timeline | None:
    """The guide a build is about to replace, to tell what it says anew (None: there is none)."""
    from . import timeline
    from .content.config import load_config
    from .errors import ManifestError
    try:
        return timeline.load(out_dir / load_config(content_dir).info.id)
    except (ManifestError, OSError):
        return None


@cli.command()
def voices() -> None:
    """List the speech engines and their voices."""
    for name in engine_names():
        try:
            engine = engine_class(name)
        except EngineUnavailable as e:  # a plug-in that cannot be loaded hides no other
            click.echo(f"{name}: {e}.")
            continue
        if not engine.available():
            click.echo(f"{name}: not installed. {engine.DESCRIPTION}.")
            continue
        found = engine.voices()
        click.echo(f"{name}: {engine.DESCRIPTION}; {len(found)} voices.")
        for voice in found:
            click.echo(f"  {voice}")
    click.echo(f"auto: uses {engine_class('auto').NAME} on this machine.")


@cli.command()
@click.argument("text", required=False)
@content_option
@click.option("--word", help="A term: show how the guide says it now, and render it.")
@click.option("--engine", default="auto", show_default=True, help=_ENGINE_CHOICES + ".")
@click.option("--voice", help="A voice of that engine.")
@click.option("--rate", "rate_wpm", type=click.IntRange(80, 400), default=160, show_default=True,
              help="Words a minute.")  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("say.wav"),
    show_default=True, help="The WAV file to write.",
)  # fmt: skip
def say(
    text: str | None, content_dir: Path, word: str | None, engine: str, voice: str | None,
    rate_wpm: int, output: Path,
) -> None:  # fmt: skip
    """Render one line of text for a quick listen, as the guide would say it (with its lexicon).

    With --word TERM, also show how the term is said: the words, what decided them (the
    lexicon, a rule, or the engine's guess) and the phonemes the engine is given.
    """
    from .speech.normalize import spoken_form
    from .speech.words import word_lines
    from .tts.cache import write_wav_file
    from .tts.render import render_checked

    if (text is None) == (word is None):
        raise click.UsageError('give a line of text, or --word TERM, as in  say --word "HER2"')
    lexicon = _speech_lexicon(content_dir)
    spoken = spoken_form(text or word or "", lexicon)
    tts = create_engine(engine, voice, rate_wpm)
    speech, problem = render_checked(tts, spoken.text)
    if speech is None:
        raise RenderError(f'cannot render "{spoken.text}": {problem}')
    write_wav_file(output, speech.pcm, tts.info.sample_rate_hz)
    seconds = len(speech.pcm) / 2 / tts.info.sample_rate_hz
    click.echo(f"Wrote {output}: {seconds:.1f} seconds, {tts.info.engine} voice {tts.info.voice}.")
    if word is not None:
        said = tts.pronounce(spoken.text)
        for line in word_lines(word, lexicon, spoken, tts.phonemes(spoken.text), said):
            click.echo(line)
    elif spoken.text.text != text:  # the words, whether or not the lexicon gave phonemes
        click.echo(f"Said: {spoken.text}")


def _speech_lexicon(content_dir: Path) -> Lexicon:
    """The content's lexicon with its guide's contractions setting, as a build uses them."""
    from .content.config import guide_lexicon
    return guide_lexicon(content_dir)


@cli.command()
@click.argument("guide", required=False, type=click.Path(path_type=Path, file_okay=False))
@content_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--no-listen", is_flag=True, help="Leave out the recogniser (intelligibility).")
@click.option(
    "--recogniser", type=click.Choice(["tiny.en", "base"]), default="tiny.en", show_default=True,
    help="The Whisper model that listens; base is slower, a second opinion.",
)  # fmt: skip
def check(
    guide: Path | None, content_dir: Path, as_json: bool, strict: bool, no_listen: bool,
    recogniser: str,
) -> None:
    """Check a built guide: levels, structure, fidelity to the content, intelligibility.

    GUIDE is the guide's folder (default: the one content/guide.toml builds in dist/).
    Exits with 1 when a check fails (or, with --strict, warns).
    """
    from .check.run import check_guide
    from .content.config import load_config
    if guide is None:
        guide = Path("dist") / load_config(content_dir).info.id
    # A guide.toml that is there but no file (a pipe) is read, and refused in one line.
    content = content_dir if (content_dir / "guide.toml").exists() else None
    report = check_guide(guide, content, measure=True, listen=not no_listen, model=recogniser)
    if as_json:
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
    if report.failed(strict):
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.argument("guide", required=False, type=click.Path(path_type=Path, file_okay=False))
@content_option
@click.option(
    "--base-url", help="The web address the published folder will be served from; "
    "needed for the podcast feed and the handout's QR code.",
)  # fmt: skip
@click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist/published"), show_default=True,
    help="Where the published folder and zip go.",
)  # fmt: skip
def publish(guide: Path | None, content_dir: Path, base_url: str | None, out_dir: Path) -> None:
    """Make a built guide ready to hand out: a folder for the web and one download for each
    kind of listener.

    GUIDE is the built guide's folder (default: the one content/guide.toml builds in dist/).
    The folder holds the topic MP3s and playlist.m3u8, a DAISY 2.02 book beside them, captions
    (WebVTT), index.html to listen in a browser, transcript.html, handout.html to print,
    feed.xml (with --base-url) and SHA256SUMS. Beside it: the listening package (the folder,
    zipped), the audiobook (M4B with chapters), the reading-app book (EPUB 3 with read-along
    audio), and their SHA256SUMS.
    """
    from .content.config import load_config
    from .publish.run import publish as publish_guide
    from .publish.url import base_url_of
    base_url_of(base_url)  # a bad address is one line before anything is read
    if guide is None:
        guide = Path("dist") / load_config(content_dir).info.id
    result = publish_guide(guide, out_dir, base_url, report=click.echo)
    click.echo(f"Published: {result.folder}, with its packages beside it.")


@cli.command(name="play")
@click.argument("guide", required=False, type=click.Path(path_type=Path, exists=True))
@content_option
@click.option("--no-voice", is_flag=True, help="Print announcements only (for screen readers).")
@click.option("--speed", type=click.FloatRange(0.5, 3.0), help="Playing speed, 0.5 to 3.0.")
@click.option("--skip", "skip_s", type=click.IntRange(1, 600),
              help="Seconds the comma and full stop keys move (default 10).")  # fmt: skip
@click.option("--list", "list_guides", is_flag=True,
              help="List the guides played before, with where you are in each.")  # fmt: skip
def play_(
    guide: Path | None, content_dir: Path, no_voice: bool, speed: float | None,
    skip_s: int | None, list_guides: bool,
) -> None:  # fmt: skip
    """Listen to a guide from the keyboard: by part, topic, section, paragraph, sentence or time.

    GUIDE is a built or published guide's folder, or its zip (default: choose from the guides
    played before, else the one content/guide.toml builds). It starts where you left off, at the
    start of the sentence you were hearing. Press H for the keys.
    """
    from .player.output import warm_up

    warm_up()  # the sound library loads while the player does: the first sound comes sooner
    from .player.run import library, play
    from .player.state import load_state, state_dir
    from .player.terminal import keys_from

    if list_guides:
        known = library(load_state(state_dir(), click.echo))
        if not known:
            click.echo("No guides played yet. Play one with: mbc-audio play dist/mbc-guide")
        for number, entry in enumerate(known, start=1):
            click.echo(entry.line(number))
        return
    play(guide, content_dir, not no_voice, speed, keys_from(), click.echo, skip_s=skip_s)


@cli.command()
@click.argument("guide", required=False, type=click.Path(path_type=Path, exists=True))
@click.option("--html", "as_html", is_flag=True,
              help="Write a large-print page to print and bring to a visit.")  # fmt: skip
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("questions.html"), show_default=True,
              help="Where --html writes the page.")  # fmt: skip
def notes(guide: Path | None, as_html: bool, out_file: Path) -> None:
    """List the questions for your care team marked with A in the player.

    GUIDE is the guide's folder or zip (default: the guide played last). Each question names its
    topic, its time in the topic and the sentence, with your note.
    """
    from .player.notes import guide_questions, lines, write_page

    found = guide_questions(guide, click.echo)
    if as_html:
        try:
            write_page(found, out_file)
        except OSError as e:
            raise UsageError(f"{out_file} cannot be written ({e.strerror}); "
                             "choose another place with --out") from None  # fmt: skip
        click.echo(f"Wrote {out_file}: {len(found.questions)} questions in large print; "
                   "open it in a browser to print it.")  # fmt: skip
        return
    for line in lines(found):
        click.echo(line)


def main() -> None:
    try:
        cli(prog_name="mbc-audio")
    except SystemExit as e:
        if e.code in (0, None) and _ended:
            # The build has written, closed and stopped everything it started (its files
            # renamed into place, the cache's digests written, its workers and tools ended):
            # the interpreter's teardown, which frees every object one by one, would add most
            # of a tenth of a second to a one-sentence edit, and changes nothing on disk.
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except OSError:
                raise e from None  # as Python ends when its output cannot be written
            os._exit(0)
        raise


# Set when a command has finished with nothing left running or unwritten (build does).
_ended = False
