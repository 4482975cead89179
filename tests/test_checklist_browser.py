"""The bedside checklists in Chromium with JavaScript OFF: clicking findings gives the results of
the Python evaluator (handbook.logic), at every boundary of every set and for seeded random cases,
from file:// and over http. Plus keyboard use, a phone-width screen, print and axe-core."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checklist_cases import boundary_cases, expected, random_cases
from conftest import ROOT, ax_text, pdf_of, record_external, squash
from handbook.render import checklist as rcl

pytestmark = pytest.mark.browser


def checklist_ids() -> list[str]:
    ids = []
    for p in sorted((ROOT / "macros" / "data" / "criteria").glob("*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if data.get("checklist") and (ROOT / "docs" / "checklist" / f"{p.stem}.md").exists():
            ids.append(data["id"])
    return ids


IDS = checklist_ids()
# Seeded random cases per set and origin (>= 200 in total over the sets). Every boundary case runs
# from file://; over http the random cases and the all-present / all-absent / all-not-assessed ones.
RANDOM_PER_SET = {"file": 35, "http": 20}


def url(origin: str, built_site: Path, http_root: str, page: str) -> str:
    return (built_site / page).as_uri() if origin == "file" else f"{http_root}/{page}"


def expected_text(cset, states) -> str:
    """The start of the result panel as the accessibility tree reads it (no separators)."""
    plan = rcl.plan(cset)
    exp = expected(cset, states)
    out = "Result" + "This checklist supports, and does not replace, clinical judgement."
    if plan.scored:
        out += (f"Points from findings present: {exp['pt']} of {exp['total']}."
                f"Points not yet assessed: {exp['ua']}."
                f"Totals still possible: between {exp['pt']} and {exp['pu']} of {exp['total']}.")
    for s in plan.shown:
        if s.index == 0:
            out += f"{s.label}: {exp['verdicts'][0]}"
    parts = [s for s in plan.shown if s.index != 0]
    if parts:
        out += "Items" if plan.scored else "Parts of the rule"
        for s in parts:
            pts = f" ({s.points}\u00a0points)" if s.points is not None else ""
            out += f"{s.label}{pts}: {exp['verdicts'][s.index]}"
    return out


class Checklist:
    """One page per set: reset with the form's own button, click only what differs from the reset."""

    def __init__(self, page, cset):
        self.page, self.cset = page, cset
        self.form = f"#cl-{cset.id}"

    def reset(self):
        self.page.click(f"{self.form} button[type=reset]")

    def enter(self, states: dict):
        self.reset()
        for fid, state in states.items():
            if state != "not_assessed":
                self.page.check(f"#cl-{self.cset.id}-{fid}-{state}")

    def result(self) -> str:
        return ax_text(self.page, f"#cl-{self.cset.id}-result")

    def summary(self) -> str:
        return self.page.inner_text(f"#cl-{self.cset.id}-copy")


@pytest.mark.parametrize("set_id", IDS)
@pytest.mark.parametrize("origin", ["file", "http"])
def test_results_equal_python_evaluator(origin, set_id, page, built_site, http_root, handbook):
    external = record_external(page.context)
    cset = handbook.criteria[set_id]
    page.goto(url(origin, built_site, http_root, f"checklist/{set_id}.html"))
    assert page.evaluate("typeof document$") == "undefined", "Material's JavaScript ran: JS is not off"
    cl = Checklist(page, cset)
    bounds = boundary_cases(cset)
    cases = (bounds if origin == "file" else bounds[:3]) + random_cases(cset, RANDOM_PER_SET[origin], seed=origin)
    for n, states in enumerate(cases):
        cl.enter(states)
        want = expected_text(cset, states)
        got = cl.result()
        assert got.startswith(want), f"case {n} {states}:\n got  {got[:len(want) + 40]!r}\n want {want!r}"
    # The copy-ready summary carries each finding's state as real text.
    last = cases[-1]
    text = cl.summary()
    for f in cset.findings:
        word = rcl.STATE_WORD[last.get(f.id, "not_assessed")]
        assert f"{f.label}: {word}." in text, (f.id, text)
    assert rcl.JUDGEMENT in text
    # Reset restores every finding to not assessed.
    cl.reset()
    for f in cset.findings:
        assert page.is_checked(f"#cl-{set_id}-{f.id}-not_assessed")
    assert ax_text(page, f"#cl-{set_id}-result").startswith(expected_text(cset, {}))
    assert external == []


def test_enough_random_cases():
    assert len(IDS) * sum(RANDOM_PER_SET.values()) >= 200, IDS


def test_every_checklist_set_has_a_page(handbook):
    missing = [c.id for c in handbook.criteria.values()
               if c.checklist and not (ROOT / "docs" / "checklist" / f"{c.id}.md").exists()]
    assert not missing, f"criteria sets with checklist: true but no docs/checklist/<id>.md: {missing}"


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', name: e.name || '', id: e.id || '',
                inForm: !!e.closest('form.cl-form')}; }""")


@pytest.mark.parametrize("set_id", IDS)
def test_keyboard_only(set_id, page, built_site, handbook):
    cset = handbook.criteria[set_id]
    page.goto((built_site / f"checklist/{set_id}.html").as_uri())
    page.click("article h1")  # start sequential navigation from the page title
    groups: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        el = _focused(page)
        if el["inForm"] and el["type"] == "radio":
            groups.append(el["name"])
            # A radio group is one Tab stop; the arrow keys choose within it.
            assert el["id"].endswith("-not_assessed"), el
            page.keyboard.press("ArrowUp")  # -> absent
            page.keyboard.press("ArrowUp")  # -> present
            assert _focused(page)["id"].endswith("-present")
            assert page.is_checked(f"#{_focused(page)['id']}")
            page.keyboard.press("ArrowDown")  # -> absent
            page.keyboard.press("Space")
            assert page.is_checked(f"#{_focused(page)['id']}") and _focused(page)["id"].endswith("-absent")
        if el["inForm"] and el["tag"] == "BUTTON":
            break
    else:
        pytest.fail("the reset button was not reached with Tab")
    assert groups == [f"{set_id}-{f.id}" for f in rcl.plan(cset).findings]
    for f in cset.findings:
        assert page.is_checked(f"#cl-{set_id}-{f.id}-absent")
    page.keyboard.press("Enter")  # the reset button
    for f in cset.findings:
        assert page.is_checked(f"#cl-{set_id}-{f.id}-not_assessed")
    assert ax_text(page, f"#cl-{set_id}-result").startswith(expected_text(cset, {}))


@pytest.mark.parametrize("set_id", IDS)
def test_phone_width_has_no_horizontal_scroll(set_id, browser, built_site):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        page.goto((built_site / f"checklist/{set_id}.html").as_uri())
        sizes = page.evaluate(f"""() => {{ const d = document.documentElement,
            f = document.querySelector('#cl-{set_id}');
            return [d.scrollWidth, d.clientWidth, f.scrollWidth, f.clientWidth]; }}""")
        assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], sizes
    finally:
        ctx.close()


def test_print_shows_state_and_note_lines_and_hides_navigation(page, built_site):
    page.goto((built_site / "checklist/iec.html").as_uri())
    page.check("#cl-iec-rigidity-present")
    page.emulate_media(media="print")
    shown = page.evaluate("""() => {
        const vis = s => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none'
                                                       && e.getBoundingClientRect().height > 0; };
        return {nav: vis('.md-sidebar--primary'), header: vis('.md-header'), search: vis('.md-search'),
                notes: vis('#cl-iec .cl-notes'), radio: vis('#cl-iec-rigidity-present'),
                lines: document.querySelectorAll('#cl-iec .cl-notes .cl-rule').length}; }""")
    assert shown == {"nav": False, "header": False, "search": False, "notes": True, "radio": True, "lines": 8}, shown
    assert page.is_checked("#cl-iec-rigidity-present")
    label = page.evaluate("getComputedStyle(document.querySelector('label[for=cl-iec-rigidity-present]')).fontWeight")
    assert int(label) >= 700
    page.emulate_media(media="screen")
    assert not page.is_visible("#cl-iec .cl-notes")


def _printed(page, fmt: str) -> list[str]:
    return [squash(p.extract_text()) for p in pdf_of(page, fmt).pages]


@pytest.mark.parametrize("fmt", ["A4", "Letter"])
@pytest.mark.parametrize("set_id", IDS)
def test_a_blank_checklist_prints_on_two_sides_with_every_finding_on_the_first(set_id, fmt, page, built_site):
    """One sheet, printed both sides: the findings to fill in by pen on the front, the result, note
    lines and sources on the back. Nothing is marked on a blank sheet, not even the default answer."""
    page.goto((built_site / f"checklist/{set_id}.html").as_uri())
    sides = _printed(page, fmt)
    assert len(sides) == 2, f"the {set_id} checklist takes {len(sides)} {fmt} pages"
    labels = page.eval_on_selector_all(f"#cl-{set_id} fieldset.cl-f legend .cl-label", "els => els.map(e => e.textContent)")
    assert labels
    for label in labels:
        assert squash(label) in sides[0], f"{label!r} is not on the first {fmt} page"
    last_reference = page.inner_text("ol.references > li >> nth=-1")
    assert squash(last_reference)[:40] in sides[1]
    assert "\u2714" not in "".join(sides)
    # The printed result says what it is for: supports, never replaces, clinical judgement.
    assert squash("This checklist supports, and does not replace, clinical judgement.") in "".join(sides)


def test_print_marks_the_answers_given_and_leaves_not_assessed_unmarked(page, built_site):
    page.goto((built_site / "checklist/iec.html").as_uri())
    page.check("#cl-iec-rigidity-present")
    page.check("#cl-iec-exposure-absent")
    page.check("#cl-iec-hyperthermia-present")
    page.check("#cl-iec-hyperthermia-not_assessed")  # changed back: not assessed, so unmarked
    front = _printed(page, "A4")[0]
    assert front.count("\u2714") == 2, front
    assert "Present\u2714" in front and "Absent\u2714" in front
    page.emulate_media(media="print")
    outline = "id => getComputedStyle(document.getElementById(id).parentElement).outlineStyle"
    assert page.evaluate(outline, "cl-iec-rigidity-present") == "solid"
    assert page.evaluate(outline, "cl-iec-hyperthermia-not_assessed") == "none"
    assert page.evaluate(outline, "cl-iec-mental_status-not_assessed") == "none"


# Theme issues only, by rule and selector, each with the reason.
# (Empty: the search dialog's missing name was the one entry; docs/overrides names it.)
AXE_ALLOW: set[tuple[str, str]] = set()


@pytest.mark.parametrize("page_name", ["index"] + IDS)
def test_axe_has_no_violations(page_name, browser, built_site):
    from axe_playwright_python.sync_playwright import Axe
    # axe-core needs timers, which never fire with JavaScript off; so run it with JavaScript on
    # and the site's own scripts blocked, which gives the page a JavaScript-free reader sees.
    ctx = browser.new_context(java_script_enabled=True)
    try:
        ctx.route(re.compile(r".*\.js(\?.*)?$"), lambda r: r.abort())
        page = ctx.new_page()
        page.goto((built_site / f"checklist/{page_name}.html").as_uri())
        if page_name != "index":
            page.check(f"#cl-{page_name} .cl-f1 input[value=present]")
        results = Axe().run(page)
        bad = [(v["id"], n["target"][0]) for v in results.response["violations"] for n in v["nodes"]
               if not any(v["id"] == rule and sel in str(n["target"][0]) for rule, sel in AXE_ALLOW)]
        assert not bad, results.generate_report()
    finally:
        ctx.close()


def _luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", rgb)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_answers_are_big_enough_and_their_states_stand_out(scheme, browser, http_root):
    """Answers are 44 px targets; a chosen answer's outline and a present finding's edge reach 3:1
    against the page (WCAG 1.4.11) in both schemes; keyboard focus is drawn unlike a chosen answer."""
    ctx = browser.new_context(java_script_enabled=True, color_scheme=scheme, viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        page.goto(f"{http_root}/checklist/iec.html")
        page.check("#cl-iec-rigidity-present")
        heights = page.eval_on_selector_all("#cl-iec .cl-choice label", "ls => ls.map(l => l.getBoundingClientRect().height)")
        assert min(heights) >= 44, min(heights)
        style = page.evaluate("""() => {
            const c = getComputedStyle(document.querySelector('#cl-iec-rigidity-present').closest('.cl-choice')),
                  f = getComputedStyle(document.querySelector('#cl-iec-rigidity-present').closest('.cl-f'));
            return {outline: c.outlineColor, outlineStyle: c.outlineStyle, edge: f.borderLeftColor,
                    bg: getComputedStyle(document.body).backgroundColor,
                    scheme: document.body.getAttribute('data-md-color-scheme')}; }""")
        assert style["scheme"] == ("slate" if scheme == "dark" else "default"), style
        assert _contrast(style["outline"], style["bg"]) >= 3, style
        assert _contrast(style["edge"], style["bg"]) >= 3, style
        page.focus("#cl-iec-hyperthermia-absent")
        page.keyboard.press("ArrowLeft")  # move by keyboard, so the focus is :focus-visible
        focused = page.evaluate("""() => { const c = getComputedStyle(document.activeElement.closest('.cl-choice'));
            return [c.outlineStyle, c.outlineOffset]; }""")
        assert focused[0] == "dashed" and focused[0] != style["outlineStyle"], (focused, style)
    finally:
        ctx.close()


def test_a_screen_reader_hears_one_status_line_and_the_hints_that_change_an_answer(page, built_site):
    """One live region per checklist, the sticky line, read whole after each answer; the numbers
    and verdicts elsewhere are plain text (an <output> each made a screen reader read out a run of
    bare numbers). Notes that change how an answer reads describe its radios."""
    from playwright.sync_api import expect
    page.goto((built_site / "checklist/iec.html").as_uri())
    form = page.locator("#cl-iec")
    assert form.locator("output, [aria-live], [role=status]").count() == 1
    live = form.locator(".cl-live")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-atomic") == "true"
    assert live.get_attribute("aria-hidden") is None
    page.check("#cl-iec-exposure-present")
    assert "IEC 2011: 20 points present" in ax_text(page, "#cl-iec .cl-live")
    for state in ("present", "absent", "not_assessed"):
        expect(page.locator(f"#cl-iec-negative_workup-{state}")).to_have_accessible_description(
            "Present means other causes were looked for and not found.")
    page.goto((built_site / "checklist/levenson1985.html").as_uri())
    expect(page.locator("#cl-levenson1985-fever-present")).to_have_accessible_description(
        re.compile(r"^Disputed threshold\. Secondary sources print: "))
