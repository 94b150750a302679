"""lint lists every token whose spoken form no rule or lexicon entry decided, with its line."""

from click.testing import CliRunner

from mbc_audio.cli import cli

LEAFLET = """\
## Treatment

Take 5 mg/kg of the drug 3x a day, e.g. with food, Mon–Fri.

Ask about PIK3CA and HER2 tests.

### Symbols

A FOLFOX plan, taken q.o.d. with water.

Pain → rest 💊 and ER+/PR+ status.
"""


def lint(content) -> str:
    content.write("lexicon.toml", '[terms]\nHER2 = "her two"\n')
    content.leaflet(LEAFLET)
    result = CliRunner().invoke(cli, ["lint", "--content", str(content.root)])
    return result.output


def test_lint_lists_each_undecided_token_with_its_file_and_line(content) -> None:
    output = lint(content)
    warnings = [w for w in output.splitlines() if "leaflet.md, line" in w and "line 1:" not in w]
    # The leaflet's body starts on line 5, after four lines of front matter.
    expected = {
        9: ['"PIK3CA" has letters and digits and is said "P I K three C A"'],
        13: [
            '"FOLFOX" is in capitals and not in lexicon.toml',
            '"q.o.d." looks like an abbreviation',
        ],
        15: [
            'the symbol "→" (U+2192) is said "to"',
            'the symbol "💊" (U+1F48A) has no spoken form',
        ],
    }
    for line, messages in expected.items():
        for message in messages:
            assert any(f"line {line}: {message}" in w for w in warnings), (message, output)
    assert len(warnings) == sum(len(m) for m in expected.values()), output


def test_lint_is_silent_about_tokens_a_rule_or_the_lexicon_decided(content) -> None:
    output = lint(content)
    for decided in ("mg", "kg", "3x", "e.g.", "Mon", "HER2", "ER", "PR"):
        assert f'"{decided}"' not in output, output
