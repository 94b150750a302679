"""Every entry of the shipped medical lexicon was checked against a published respelling: it names
the publisher, the page and the respelling as printed there, and its IPA stresses a syllable that
respelling stresses (or, where the source marks no stress, has as many syllables)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mbc_audio.speech.medical import UNCHECKED, MedicalEntry, medical_entries

# IPA vowel nuclei: a diphthong counts once, every other vowel symbol (with its length mark) once.
_NUCLEUS = re.compile(r"aɪ|eɪ|oʊ|aʊ|ɔɪ|[aæɑɒɔəɚɛɜeiɪoʊuʌɐᵻɨ]ː?")


def ipa_primary_syllable(ipa: str) -> int:
    """Which syllable (from 0) carries the primary stress: the vowel nuclei before its mark."""
    return len(_NUCLEUS.findall(ipa[: ipa.index("ˈ")]))


def published_syllables(published: str) -> list[str]:
    """A published respelling's syllables: split at hyphens and spaces, after a stress apostrophe,
    prime or double prime, and before a stress mark."""
    marked = published.replace("″", '"').replace("′", "'").replace("'", "' ").replace('"', '" ')
    return [s for s in re.split(r"[-\s]+|(?=[ˈˌ])", marked) if s]


def published_stressed_syllables(published: str) -> set[int]:
    """The syllables (from 0) a published respelling stresses, in any of the three styles the
    sources use: capitals ("den-OH-sue-mab", "KAP e SYE ta been"), an apostrophe or prime after
    the syllable ("tras too' zoo mab", "mĕth′ə-trĕk′sāt"; a double quote there is secondary
    stress), or a stress mark before it ("ˌpak-li-ˈtak-səl", "ˌkoʊ lə kælˈsɪf əˌrɔl")."""
    if "ˈ" in published and not re.search(r"[-\s]", published):
        # Unbroken IPA ("ˌaləˈpiːʃ(ɪ)ə"): a mark stresses the syllable after the nuclei before it.
        return {
            len(_NUCLEUS.findall(published[: m.start()])) for m in re.finditer("[ˈˌ]", published)
        }
    syllables = published_syllables(published)
    stressed = set()
    for i, syllable in enumerate(syllables):
        letters = syllable.strip("'\"ˈˌ")
        if (
            syllable.endswith("'")
            or syllable.startswith("ˈ")
            or syllable.startswith("ˌ")
            or (letters.isupper() and not published.isupper())
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
    assert published_stressed_syllables("ˌaləˈpiːʃ(ɪ)ə") == {0, 2}
    assert published_stressed_syllables("NEE-oh-A-joo-vant") == {0, 2}
    assert published_stressed_syllables("noo″trŏ-pē′nik") == {0, 2}
    assert published_stressed_syllables("x-gee-va") == set()
    assert len(published_syllables("Kis kah lee")) == 3


def test_every_entry_says_where_it_was_checked() -> None:
    entries = medical_entries()
    assert len(entries) >= 150
    for e in entries:
        assert e.respelling.strip(), e.word
        assert e.source.strip() and e.source != UNCHECKED, e.word
        assert e.url.startswith(("http://", "https://")), e.word
        assert e.published.strip(), e.word


def test_the_drugs_a_patient_most_often_takes_stay_in() -> None:
    checked = {e.word for e in medical_entries() if e.checked}
    for word in ("denosumab", "zoledronic", "trastuzumab", "pertuzumab", "ribociclib",
                 "abemaciclib", "tamoxifen", "fulvestrant", "paclitaxel", "docetaxel",
                 "eribulin", "alpelisib", "olaparib", "talazoparib", "everolimus"):  # fmt: skip
        assert word in checked, word


@pytest.mark.parametrize("entry", [e for e in medical_entries() if e.checked], ids=lambda e: e.word)
def test_a_checked_entry_agrees_with_its_source(entry: MedicalEntry) -> None:
    stressed = published_stressed_syllables(entry.published)
    if stressed:
        assert ipa_primary_syllable(entry.ipa) in stressed, (entry.word, entry.ipa, entry.published)
    else:
        # A source that marks no stress ("x-gee-va") still gives the syllables.
        assert len(published_syllables(entry.published)) == len(
            published_syllables(entry.respelling)
        ), (entry.word, entry.respelling, entry.published)
    # The house respelling agrees with its own IPA.
    assert ipa_primary_syllable(entry.ipa) in published_stressed_syllables(entry.respelling), (
        entry.word,
        entry.respelling,
    )


def test_the_readme_counts_the_entries_truly() -> None:
    from pathlib import Path

    # Words only: the paragraph may be rewrapped.
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    entries = medical_entries()
    kinds = Counter(e.kind for e in entries)
    assert f"medical.toml`, {len(entries)} entries)" in readme
    assert "Every entry has been checked against a published pronunciation" in readme
    assert (
        f"{kinds['drugs']} drugs, {kinds['brands']} brands and "
        f"{kinds['tests_and_conditions']} tests and conditions"
    ) in readme
