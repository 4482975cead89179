"""With JavaScript on, "Copy summary" puts the findings and the CSS-computed result on the clipboard."""
from __future__ import annotations

from handbook.logic import evaluate

STATES = {"exposure": "present", "hyperthermia": "present", "rigidity": "absent",
          "bp_elevation": "present", "diaphoresis": "present"}


def _fill_and_copy(page):
    form = page.locator("form.cl-form")
    for finding, state in STATES.items():
        form.locator(f"fieldset[data-finding='{finding}'] input[value='{state}']").check()
    page.get_by_role("button", name="Copy summary").click()


def test_copy_summary_carries_the_live_numbers(browser, http_root, handbook):
    context = browser.new_context(java_script_enabled=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_root)
    page = context.new_page()
    page.goto(f"{http_root}/checklist/iec.html")
    _fill_and_copy(page)
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    _assert_complete(copied, handbook)


def test_copy_summary_keeps_the_verdicts_from_a_file(browser, built_site, handbook):
    """Opened from disk (file://) a script may not read the stylesheet's rules; the verdict words
    must still be copied. The text copied is also kept on the box (data-copied)."""
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.goto((built_site / "checklist/iec.html").as_uri())
    _fill_and_copy(page)
    page.wait_for_function("document.querySelector('.cl-copy').dataset.copied !== undefined")
    copied = page.locator(".cl-copy").get_attribute("data-copied")
    context.close()
    _assert_complete(copied, handbook)


def _assert_complete(copied: str, handbook) -> None:
    result = evaluate(handbook.criteria["iec"], STATES)
    assert f"Points from findings present: {result.points} of 100." in copied
    assert f"between {result.points} and {result.max_points} of 100" in copied
    assert "Hyperthermia: present." in copied and "Rigidity: absent." in copied
    assert "Mental status alteration: not assessed." in copied
    # Verdict words: the CSS draws them as counters; the script takes them from the form.
    assert "Hyperthermia (18 points): met" in copied and "Rigidity (17 points): not met" in copied
    assert "Mental status alteration (13 points): undetermined" in copied
    assert "Copy summary" not in copied
    assert all(line == line.strip() and line for line in copied.split("\n")), copied


def test_the_hint_says_what_copying_keeps(browser, http_root, page, built_site):
    """By hand, a selection loses the CSS-drawn scores; the hint says so, and the button's hint that
    it copies them, so no one pastes a summary without its results unawares."""
    page.goto((built_site / "checklist/iec.html").as_uri())
    assert "not the scores and results" in page.locator(".cl-hint").inner_text()
    context = browser.new_context(java_script_enabled=True)
    js = context.new_page()
    js.goto(f"{http_root}/checklist/iec.html")
    assert "copies this box with its scores and results" in js.locator(".cl-hint").inner_text()
    context.close()


def test_without_javascript_there_is_no_copy_button_but_the_summary_is_shown(page, built_site):
    page.goto((built_site / "checklist/iec.html").as_uri())
    assert page.get_by_role("button", name="Copy summary").count() == 0
    assert page.locator(".cl-copy").is_visible()
