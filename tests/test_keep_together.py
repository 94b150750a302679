"""What the pages keep on one line (publish/keep.py): found, wrapped, and never a character lost."""

from dataclasses import dataclass

import pytest

from mbc_audio.publish.keep import grouped, keep_together


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Call 555-014-2285 now.", ["555-014-2285"]),
        ("Or (555) 014-7731, or +1 555 014 2285.", ["(555) 014-7731", "+1 555 014 2285"]),
        ("Take 80 mg/m² every 3 weeks.", ["80 mg/m²", "3 weeks"]),
        ("From 8 am to 5 pm, for 2–3 days.", ["8 am", "5 pm", "2–3 days"]),
        ("Write to nurse@clinic.org today.", ["nurse@clinic.org"]),
        ("In 2024, 5 of 10 people.", []),
    ],
)
def test_runs_to_keep_on_one_line_are_wrapped(text: str, kept: list[str]) -> None:
    html = str(keep_together(text))
    assert [s.split("</span>")[0] for s in html.split('<span class="nb">')[1:]] == kept
    assert html.replace('<span class="nb">', "").replace("</span>", "") == text.replace(
        "&", "&amp;"
    )


@dataclass(frozen=True)
class Part:
    text: str
    word: object | None


def test_groups_keep_every_character_and_never_cut_a_word() -> None:
    text = "Call 555-014-2285, from 8 am."
    # As the voice's timings cut it: the number is three words, "am" one.
    cuts = ["Call", " ", "555", "-", "014", "-", "2285", ", from ", "8", " ", "am", "."]
    parts = [Part(t, object() if t.strip(" ,.-") else None) for t in cuts]
    groups = grouped(text, parts, Part)
    assert "".join(p.text for g in groups for p in g.parts) == text
    kept = ["".join(p.text for p in g.parts) for g in groups if g.keep]
    assert kept == ["555-014-2285", "8 am"]
    words = [p for g in groups for p in g.parts if p.word is not None]
    assert [p.text for p in words] == [t for t in cuts if t.strip(" ,.-")]
