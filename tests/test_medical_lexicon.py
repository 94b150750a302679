"""The shipped medical lexicon says where each pronunciation was checked, or plainly that it was
not, and a checked entry's IPA stresses a syllable its published respelling stresses."""

from __future__ import annotations

import re

import pytest

from mbc_audio.speech.medical import UNCHECKED, MedicalEntry, medical_entries

# IPA vowel nuclei: a diphthong counts once, every other vowel symbol (with its length mark) once.
_NUCLEUS = re.compile(r"aɪ|eɪ|oʊ|aʊ|ɔɪ|[aæɑɒɔəɚɛɜeiɪoʊuʌɐᵻ]ː?")


def ipa_primary_syllable(ipa: str) -> int:
    """Which syllable (from 0) carries the primary stress: the vowel nuclei before its mark."""
    return len(_NUCLEUS.findall(ipa[: ipa.index("ˈ")]))


def published_stressed_syllables(published: str) -> set[int]:
    """The syllables (from 0) a published respelling stresses, in any of the three styles the
    sources use: capitals ("den-OH-sue-mab", "KAP e SYE ta been"), an apostrophe or prime after
    the syllable ("tras too' zoo mab", "mĕth′ə-trĕk′sāt"; a double quote there is secondary
    stress), or a stress mark before it ("ˌpak-li-ˈtak-səl", "ˌkoʊ lə kælˈsɪf əˌrɔl")."""
    marked = published.replace("′", "'").replace("'", "' ")
    syllables = [s for s in re.split(r"[-\s]+|(?=[ˈˌ])", marked) if s]
    stressed = set()
    for i, syllable in enumerate(syllables):
        letters = syllable.strip("'\"ˈˌ")
        if (
            syllable.endswith("'")
            or syllable.startswith("ˈ")
            or syllable.startswith("ˌ")
            or (len(letters) > 1 and letters.isupper())
            or syllable.endswith('"')
        ):
            stressed.add(i)
    return stressed


def test_the_stress_readers_follow_each_published_style() -> None:
    assert ipa_primary_syllable("dɛˈnoʊsumæb") == 1
    assert ipa_primary_syllable("ˌkɑɹdioʊmaɪˈɑpəθi") == 4
    assert published_stressed_syllables("den-OH-sue-mab") == {1}
    assert published_stressed_syllables("KAP e SYE ta been") == {0, 2}
    assert published_stressed_syllables("tras too' zoo mab") == {1}
    assert published_stressed_syllables("a bem\" a sye' klib") == {1, 3}
    assert published_stressed_syllables("ex-e-mes'tain") == {2}
    assert published_stressed_syllables("ˌpak-li-ˈtak-səl") == {0, 2}
    assert published_stressed_syllables("ˌkoʊ lə kælˈsɪf əˌrɔl") == {0, 3, 5}
    assert published_stressed_syllables("mĕth′ə-trĕk′sāt") == {0, 2}


def test_every_entry_has_a_respelling_and_says_where_it_was_checked() -> None:
    for e in medical_entries():
        assert e.respelling.strip(), e.word
        assert e.source.strip(), e.word
        if e.checked:
            assert e.url.startswith(("http://", "https://")), e.word
            assert e.published.strip(), e.word
        else:
            assert e.source == UNCHECKED and not e.url and not e.published, e.word


def test_most_of_the_drugs_a_patient_takes_are_checked() -> None:
    checked = {e.word for e in medical_entries() if e.checked}
    for word in ("denosumab", "zoledronic", "trastuzumab", "pertuzumab", "ribociclib",
                 "abemaciclib", "tamoxifen", "fulvestrant", "paclitaxel", "docetaxel",
                 "eribulin", "alpelisib", "olaparib", "talazoparib", "everolimus"):  # fmt: skip
        assert word in checked, word


@pytest.mark.parametrize("entry", [e for e in medical_entries() if e.checked], ids=lambda e: e.word)
def test_a_checked_entry_stresses_a_syllable_its_source_stresses(entry: MedicalEntry) -> None:
    stressed = published_stressed_syllables(entry.published)
    assert stressed, f"{entry.word}: no stress found in {entry.published!r}"
    assert ipa_primary_syllable(entry.ipa) in stressed, (entry.word, entry.ipa, entry.published)
    # The house respelling agrees with its own IPA.
    assert ipa_primary_syllable(entry.ipa) in published_stressed_syllables(entry.respelling), (
        entry.word,
        entry.respelling,
    )


def test_the_readme_counts_the_checked_entries_truly() -> None:
    from pathlib import Path

    # Words only: the paragraph may be rewrapped.
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    entries = medical_entries()
    checked = sum(e.checked for e in entries)
    assert f"medical.toml`, {len(entries)} entries)" in readme
    assert f"Only {checked} entries have been checked" in readme
    assert f"The other {len(entries) - checked}," in readme
