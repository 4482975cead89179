"""Template syntax left in a page's HTML (handbook/leftovers.py), which the build refuses."""
from handbook.leftovers import leftover_template_syntax


def test_a_macro_with_a_brace_missing_is_found_with_its_context():
    found = leftover_template_syntax('<p>Exclusion{ cite("<abbr title="x">BMJ</abbr>-NMS") }}. Next</p>')
    assert found and all('cite("BMJ-NMS")' in f for f in found)


def test_stray_delimiters_are_found():
    for bad in ("a }} b", "a {{ b", "{% if x %}", "{ fact('x') }"):
        assert leftover_template_syntax(f"<p>{bad}</p>"), bad


def test_code_samples_and_ordinary_braces_pass():
    assert not leftover_template_syntax('<pre><code>{{ cite("Key") }}</code></pre><p>Use <code>{%</code>.</p>')
    assert not leftover_template_syntax("<p>A set {a, b} and a { #id } attribute list.</p>")
