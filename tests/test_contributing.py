"""The contributor documents stay true: the error messages CONTRIBUTING.md shows are the ones the
build prints for those mistakes, and the licence, citation and pull-request files are in place."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from conftest import ROOT
from mutate import copy_project, replace_text
from test_mutations import build

CONTRIBUTING = ROOT / "CONTRIBUTING.md"

# The mistakes of the worked examples: (file, text as it is, text with the mistake).
EXAMPLES = {
    "criterion": ("macros/data/criteria/iec.yaml", "points: 18,", "points: 18 pts,"),
    "reference": ("macros/data/references.yaml", "  doi: 10.1097/JCP.0000000000000640\n",
                  "  doi: https://doi.org/10.1097/JCP.0000000000000640\n"),
    "differential-uncited": ("macros/data/differential/serotonin-syndrome.yaml",
                             "    value: May exceed 41.1 °C when severe\n"
                             "    cite: [{key: BoyerTable-PMC2100123, locator: Table 2}]\n",
                             "    value: May exceed 41.1 °C when severe\n"),
    "differential-typo": ("macros/data/differential/serotonin-syndrome.yaml",
                          "cite: [Medsafe2016]\n  - id: onset", "cite: [MedSafe2016]\n  - id: onset"),
}


def _normal(line: str) -> str:
    """Line numbers move as files are edited; the words must not."""
    return re.sub(r"\.yaml:\d+:", ".yaml:N:", line.strip())


def _documented_lines() -> list[str]:
    blocks = re.findall(r"```text\n(.*?)```", CONTRIBUTING.read_text(encoding="utf-8"), re.S)
    return [_normal(ln) for block in blocks for ln in block.splitlines() if ".yaml:" in ln]


@pytest.fixture(scope="module")
def example_outputs(tmp_path_factory) -> dict[str, str]:
    def run(item):
        name, (path, old, new) = item
        base = tmp_path_factory.mktemp(name)
        project = copy_project(base)
        replace_text(project / path, old, new)
        result = build(project, base / "out")
        assert result.returncode != 0, f"{name}: the mistake did not fail the build"
        return name, {_normal(ln) for ln in (result.stdout + result.stderr).splitlines()}

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, EXAMPLES.items()))


def test_contributing_shows_the_real_error_messages(example_outputs):
    documented = _documented_lines()
    assert len(documented) >= len(EXAMPLES), documented
    everything = set().union(*example_outputs.values())
    stale = [ln for ln in documented if ln not in everything]
    assert not stale, "CONTRIBUTING.md shows messages the build no longer prints:\n" + "\n".join(stale)
    for name, lines in example_outputs.items():
        assert any(d in lines for d in documented), f"example {name!r}: its message is not in CONTRIBUTING.md"


def test_contributing_states_the_rules_and_the_two_commands():
    text = " ".join(CONTRIBUTING.read_text(encoding="utf-8").split())
    for words in ("make serve", "make test", "Verified facts only", "primary source", "mirror",
                  "Never round", "supports, and does not replace, clinical judgement"):
        assert words in text, words


def test_pull_request_template_asks_for_the_source_of_every_clinical_fact():
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").lower()
    for words in ("every changed clinical fact", "primary citation", "locator", "reference key", "mirror"):
        assert words in text, words


def test_licences_and_citation():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    content = (ROOT / "LICENSE-CONTENT").read_text()
    assert "CC BY-SA 4.0" in content and "https://creativecommons.org/licenses/by-sa/4.0/legalcode" in content
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "repository-code", "license"):
        assert cff.get(key), key
    assert str(cff["version"]) == (ROOT / "VERSION").read_text().strip(), "CITATION.cff version != VERSION"
