"""--base-url: a web folder's address, or one line saying what is wrong with it."""

import string
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from mbc_audio.cli import cli
from mbc_audio.errors import UsageError
from mbc_audio.publish.url import base_url_of


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://clinic.example.org/mbc", "https://clinic.example.org/mbc/"),
        (" http://host/a/ ", "http://host/a/"),
        ("HTTPS://Clinic.Example.org", "https://clinic.example.org/"),
        ("http://[::1]:8080/guide", "http://[::1]:8080/guide/"),
        ("http://192.168.1.20/guide//", "http://192.168.1.20/guide/"),
        ("https://klinik-münchen.de/Ärzte/", "https://xn--klinik-mnchen-3ob.de/%C3%84rzte/"),
    ],
)
def test_a_web_folder_is_kept_with_one_slash(value: str, expected: str) -> None:
    assert base_url_of(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("https://clinic.example.org/mbc guide/", "holds a space"),
        ("https://clinic example.org/", "holds a space"),
        ("https://clinic.example.org/mbc/#top", "has a fragment"),
        ("https://clinic.example.org/mbc/#", "has a fragment"),
        ("https://clinic.example.org/mbc/?id=1", "has a query"),
        ("https://clinic.example.org/mbc/?", "has a query"),
        ("https://user:secret@clinic.example.org/", "user name or password"),
        ("https://user@clinic.example.org/", "user name or password"),
        ('https://clinic.example.org/"onload="x', "holds a quote"),
        ("https://clinic.example.org/'x'", "holds a quote"),
        ("https://clinic.example.org/<b>", 'the character "<"'),
        ("https://clinic.example.org/\n", "holds a line break"),
        ("https://clinic.example.org/a\rb", "holds a line break"),
        ("https://clinic.example.org/\tx", "holds a tab"),
        ("https://clinic.example.org/\x00", "control character (U+0000)"),
        ("ftp://clinic.example.org/", "starting with https:// or http://"),
        ("javascript:alert(1)", "starting with https:// or http://"),
        ("clinic.example.org/mbc", "starting with https:// or http://"),
        ("", "starting with https:// or http://"),
        ("https://", "has no host name"),
        ("https:///mbc/", "has no host name"),
        ("https://clinic.example.org:http/", "port"),
        ("https://clinic.example.org:70000/", "port"),
        ("https://clinic.example.org:/", "empty port"),
        ("https://clinic..example.org/", "no valid host name"),
        ("https://-clinic.example.org/", "no valid host name"),
    ],
)
def test_anything_else_is_refused_with_the_reason(value: str, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        base_url_of(value)
    message = str(caught.value)
    assert problem in message
    assert message.startswith("--base-url ") and "\n" not in message
    assert "https://clinic.example.org/mbc-guide/" in message  # says what would do


@given(st.text(alphabet=string.printable + "\x00\x7f\x85é€ü#?@:/[]", max_size=60))
def test_any_text_is_refused_or_a_clean_folder_address(value: str) -> None:
    for candidate in (value, "https://clinic.example.org/" + value, "http://" + value):
        try:
            url = base_url_of(candidate)
        except UsageError as e:
            assert "\n" not in str(e)
            continue
        assert url is not None and url.endswith("/")
        assert base_url_of(url) == url  # what it gives back is accepted as it is
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname
        assert not (parts.query or parts.fragment or parts.username or parts.password)
        assert url.isascii() and url.isprintable()
        assert not any(c in url for c in " \"'<>\\`{}|^")


def test_publish_refuses_a_bad_base_url_in_one_line(tmp_path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "publish",
            str(tmp_path / "guide"),
            "--out",
            str(tmp_path / "out"),
            "--base-url",
            "https://u:p@clinic.example.org/a b",
        ],
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: --base-url")
    assert not (tmp_path / "out").exists()
