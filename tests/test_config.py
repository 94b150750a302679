"""guide.toml and lexicon.toml: every key is one mbc-audio reads, or one line naming it."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from mbc_audio.cli import cli
from mbc_audio.content.config import GUIDE_KEYS, guide_keys, guide_lexicon, load_config
from mbc_audio.errors import ContentError
from mbc_audio.speech.lexicon import load_lexicon
from mbc_audio.speech.normalize import normalize
from mbc_audio.tomlkeys import key_line

GUIDE = """\
title = "Test guide"
publisher = "Test clinic"
language = "en-US"
documents = ["leaflet.md"]
opening = \"\"\"
Welcome.
speed = 2
\"\"\"
closing = "The end."

[voice]
engine = "system"
rate_wpm = 150

[pauses_ms]
sentence = 400

[audio]
loudness_lufs = -19
"""


def _guide(tmp_path: Path, text: str) -> Path:
    (tmp_path / "guide.toml").write_text(text, encoding="utf-8")
    return tmp_path


def _error(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_config(_guide(tmp_path, text))
    return caught.value


def test_the_example_reads_cleanly(tmp_path: Path) -> None:
    config = load_config(_guide(tmp_path, GUIDE))
    assert config.voice.rate_wpm == 150 and config.pauses_ms["sentence"] == 400


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("documents =", "documnets =", 4, '"documnets" is not a key mbc-audio reads at the '
         'top level; did you mean "documents"?'),
        ("rate_wpm = 150", "speeed = 1.2", 13, '"speeed" is not a key mbc-audio reads in '
         "[voice]; use one of engine, rate_wpm, hibari, piper, system, or remove it"),
        ("rate_wpm = 150", "rate = 150", 13, 'in [voice]; did you mean "rate_wpm"?'),
        ("sentence = 400", "sentense = 400", 16, 'in [pauses_ms]; did you mean "sentence"?'),
        ("loudness_lufs = -19", "loudnes_lufs = -19", 19, 'did you mean "loudness_lufs"?'),
        ("[pauses_ms]", "[pauses]", 15, 'at the top level; did you mean "pauses_ms"?'),
        ("[audio]", "[extra]", 18, '"extra" is not a key mbc-audio reads at the top level'),
        ("[audio]", "[voice.more]", 18, '"more" is not a key mbc-audio reads in [voice]'),
        ('language = "en-US"', 'language = "en-US"\nrate_wpm = 150', 4,
         '"rate_wpm" is not a key mbc-audio reads at the top level; it belongs under [voice]'),
        ('engine = "system"', 'engine = "system"\npublisher = "x"', 13,
         '"publisher" is not a key mbc-audio reads in [voice]; it belongs under the top level'),
    ],
)  # fmt: skip
def test_an_unknown_key_is_one_line_with_its_line_and_the_nearest_key(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in GUIDE
    error = _error(tmp_path, GUIDE.replace(old, new, 1))
    assert error.path == tmp_path / "guide.toml"
    assert error.line == line
    assert message in error.message and "\n" not in str(error)


def test_a_dotted_key_is_checked_in_its_table(tmp_path: Path) -> None:
    text = GUIDE.replace("[audio]\nloudness_lufs = -19\n", "")
    error = _error(tmp_path, text.replace("language =", "audio.loudnes = 1\nlanguage ="))
    assert error.line == 3 and 'in [audio]; did you mean "loudness_lufs"?' in error.message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("[pauses_ms]\nsentence = 400", "", "pauses_ms must be a table"),
        ("[audio]\nloudness_lufs = -19", "", "audio must be a table"),
        ("rate_wpm = 150", "rate_wpm = true", "voice.rate_wpm must be a whole number"),
        ("sentence = 400", "sentence = true", "pauses_ms.sentence must be one of"),
        ('engine = "system"', "engine = 3", 'voice.engine "3" is not an engine here'),
        ('engine = "system"', 'engine = "festival"', "choose one of: auto, hibari, piper, system"),
        ('engine = "system"', 'piper = ""', "voice.piper must be text in quotes"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(tmp_path: Path, old: str, new: str, message: str):
    assert old in GUIDE
    text = GUIDE.replace(old, new, 1)
    if not new:  # the table given as a plain value instead
        name = old.split("]")[0][1:]
        text = text.replace("closing =", f"{name} = 400\nclosing =")
    assert message in _error(tmp_path, text).message


def test_every_key_of_the_shipped_guide_is_known() -> None:
    config = load_config(Path(__file__).resolve().parent.parent / "content")
    assert config.documents


def test_the_allowed_keys_are_listed_once_per_table() -> None:
    for table, keys in guide_keys().items():
        assert keys is not None and len(set(keys)) == len(keys), table
    assert {"voice", "pauses_ms", "audio"} <= set(GUIDE_KEYS[""])
    assert {"piper", "system"} <= set(guide_keys()["voice"] or ())  # each engine's voice


def test_key_line_follows_tables_and_skips_multiline_strings() -> None:
    assert key_line(GUIDE, "speed") is None  # inside the opening's text
    assert key_line(GUIDE, "voice.rate_wpm") == 13
    assert key_line(GUIDE, "voice") == 11
    assert key_line(GUIDE, "audio.loudness_lufs") == 19
    assert key_line("a.b = 1\n[c]\nb = 2\n", "c.b") == 3
    assert key_line("a.b = 1\n[c]\nb = 2\n", "a.b") == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[term]\nMRI = "M R I"\n', 1, '"term" is not a key mbc-audio reads at the top level; '
         'did you mean "terms"?'),
        ('MRI = "M R I"\n', 1, 'the term "MRI" is above the first table; put it under [terms]'),
        ('[terms]\nMRI = "M R I"\nCT = 3\n', 3, "the term 'CT' in [terms] needs a spoken form"),
        ('[terms_any_case]\nmg = ""\n', 2, "the term 'mg' in [terms_any_case] needs a spoken"),
        ('terms = "MRI"\n', 1, "[terms] must be a table"),
        ('[phonemes]\n"cancer " = "ˈkænsɚ"\n', 2, "the term 'cancer ' in [phonemes] has a space at its"),
        ('[terms]\nMRI = "M R I"\n" CT" = "C T"\n', 3, "the term ' CT' in [terms] has a space at its"),
    ],
)  # fmt: skip
def test_a_lexicon_refuses_unknown_tables_and_empty_forms(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_lexicon(path)
    assert caught.value.line == line and message in caught.value.message


def test_the_cli_says_it_in_one_line(content) -> None:
    guide = content.root / "guide.toml"
    guide.write_text(guide.read_text().replace("documents", "documnets"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["outline", "--content", str(content.root)])
    assert result.exit_code == 2
    assert result.output == (
        f'Error: {guide}, line 4: "documnets" is not a key mbc-audio reads at the top level; '
        'did you mean "documents"?\n'
    )


# --- content is read only from inside content/ ---------------------------------------------
def test_a_document_linked_from_outside_the_content_folder_is_refused(content, tmp_path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text((content.root / "leaflet.md").read_text(), encoding="utf-8")
    (content.root / "leaflet.md").unlink()
    (content.root / "leaflet.md").symlink_to(outside)
    result = CliRunner().invoke(cli, ["outline", "--content", str(content.root)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {content.root / 'leaflet.md'}: is a link to {outside.resolve()}, outside the "
        f"content folder; copy the file into {content.root} instead of linking to it\n"
    )


@pytest.mark.parametrize("name", ["guide.toml", "lexicon.toml"])
def test_settings_linked_from_outside_are_refused(content, tmp_path, name: str) -> None:
    inside = content.root / name
    if not inside.exists():
        inside.write_text('[terms]\nMRI = "M R I"\n', encoding="utf-8")
    outside = tmp_path / f"elsewhere-{name}"
    outside.write_bytes(inside.read_bytes())
    inside.unlink()
    inside.symlink_to(outside)
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert (
        f"{inside}: is a link to {outside.resolve()}, outside the content folder" in result.output
    )


def test_links_inside_the_content_folder_and_a_linked_folder_are_fine(content, tmp_path) -> None:
    (content.root / "drafts").mkdir()
    (content.root / "leaflet.md").rename(content.root / "drafts" / "leaflet-v2.md")
    (content.root / "leaflet.md").symlink_to(Path("drafts") / "leaflet-v2.md")
    linked = tmp_path / "linked-content"
    linked.symlink_to(content.root)  # the whole folder reached through a link
    result = CliRunner().invoke(cli, ["outline", "--content", str(linked)])
    assert result.exit_code == 0, result.output


def test_a_loop_of_links_is_one_line(content) -> None:
    (content.root / "leaflet.md").unlink()
    (content.root / "leaflet.md").symlink_to(content.root / "leaflet.md")
    result = CliRunner().invoke(cli, ["outline", "--content", str(content.root)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "is a loop of symbolic links" in result.output


@pytest.mark.parametrize("value", [".", "..", "/srv/guide", "a/b"])
def test_a_guide_id_that_is_not_a_plain_name_is_named_at_its_own_line(tmp_path, value) -> None:
    # A comment above mentions "guide" and "id" in passing: the message points at the key.
    text = '# The guide: its id names the folder.\n' + f'id = "{value}"\n' + GUIDE
    error = _error(tmp_path, text)
    assert error.line == 2 and f'id "{value}" must be a plain name' in error.message


@pytest.mark.parametrize(("setting", "keep"), [("", False), ('contractions = "keep"\n', True)])
def test_the_guides_lexicon_carries_its_contractions_setting(
    tmp_path: Path, setting: str, keep: bool
) -> None:
    """Parser, lint, build and `say` take one lexicon: lexicon.toml with guide.toml's setting."""
    folder = _guide(tmp_path, setting + GUIDE)
    (folder / "lexicon.toml").write_text('[terms]\nMRI = "M R I"\n', encoding="utf-8")
    lexicon = guide_lexicon(folder)
    assert lexicon.keep_contractions is keep
    assert lexicon.terms == {"MRI": "M R I"}
    assert normalize("It isn't an MRI.", lexicon) == (
        "It isn't an M R I." if keep else "It is not an M R I."
    )


def test_a_lexicon_without_a_guide_keeps_the_default(tmp_path: Path) -> None:
    assert guide_lexicon(tmp_path).keep_contractions is False


def test_the_tracks_sample_rate_is_the_voices_unless_guide_toml_sets_it(tmp_path: Path) -> None:
    assert load_config(_guide(tmp_path, GUIDE)).audio.sample_rate_hz == 24000
    chosen = GUIDE.replace("loudness_lufs = -19\n", "loudness_lufs = -19\nsample_rate_hz = 44100\n")
    assert load_config(_guide(tmp_path, chosen)).audio.sample_rate_hz == 44100


@pytest.mark.parametrize("value", ["44000", "44.1", '"44100"', "true", "0"])
def test_a_sample_rate_mp3_has_no_place_for_is_one_line(tmp_path: Path, value: str) -> None:
    error = _error(tmp_path, GUIDE + f"sample_rate_hz = {value}\n")
    assert error.line == 20
    assert error.message == "audio.sample_rate_hz must be one of 22050, 24000, 32000, 44100, 48000"


def test_a_bit_rate_mpeg2_cannot_carry_is_one_line_naming_the_way_out(tmp_path: Path) -> None:
    error = _error(tmp_path, GUIDE + "bitrate_kbps = 192\n")
    assert error.line == 20 and "at most 160" in error.message and "sample_rate_hz = 44100" in error.message
    config = load_config(_guide(tmp_path, GUIDE + "bitrate_kbps = 192\nsample_rate_hz = 48000\n"))
    assert (config.audio.bitrate_kbps, config.audio.sample_rate_hz) == (192, 48000)
