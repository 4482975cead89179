"""Macros of the differential-diagnosis pages (docs/differential/). Rendering lives in
handbook/render/differential.py; this module only finds the data and reports misuse by page."""
from __future__ import annotations

from ..errors import DataError
from ..model.differential import Differential
from ..render import differential as rdiff


def macros(site):
    def data() -> Differential:
        diff = site.hb.extra.get("differential")
        if not diff or not diff.conditions or diff.reference is None:
            raise DataError(f"{site.page}: no differential data loaded (macros/data/differential/)")
        return diff

    def note_checked(*conditions):
        for cond in conditions:
            site.checked(cond.last_checked)

    def differential_grid() -> str:
        """{{ differential_grid() }}: every condition (NMS first) against every feature, cited."""
        diff = data()
        note_checked(*diff.conditions)
        return rdiff.grid_html(diff, site.citations)

    def differential_pairs() -> str:
        """{{ differential_pairs() }}: links to each pair page."""
        return rdiff.pair_list_html(data())

    def pair(condition_id: str) -> str:
        """{{ pair("serotonin_syndrome") }}: NMS against one mimic, key differences first."""
        diff = data()
        mimic = diff.condition(condition_id)
        if mimic is None:
            raise DataError(f"{site.page}: pair('{condition_id}'): unknown condition "
                            f"(known: {', '.join(c.id for c in diff.mimics)})")
        if mimic.reference:
            raise DataError(f"{site.page}: pair('{condition_id}'): that is the reference condition; "
                            "name one of its mimics")
        note_checked(diff.reference, mimic)
        return rdiff.pair_markdown(diff, mimic, site.citations)

    def decision_rules(set_id: str) -> str:
        """{{ decision_rules("hunter2003") }}: a rule set as a table generated from its tree."""
        cset = site.hb.criteria.get(set_id)
        if cset is None:
            raise DataError(f"{site.page}: decision_rules('{set_id}'): unknown criteria set "
                            f"(known: {', '.join(sorted(site.hb.criteria))})")
        if cset.rule is None:
            raise DataError(f"{site.page}: decision_rules('{set_id}'): the set has no rule to show")
        site.checked(cset.last_checked)
        return rdiff.rules_table_html(cset, site.citations)

    def rule_validation(set_id: str) -> str:
        """{{ rule_validation("hunter2003") }}: the set's derivation and accuracy figures, cited."""
        cset = site.hb.criteria.get(set_id)
        if cset is None:
            raise DataError(f"{site.page}: rule_validation('{set_id}'): unknown criteria set")
        return rdiff.validation_html(cset, site.citations)

    return {"differential_grid": differential_grid, "differential_pairs": differential_pairs,
            "pair": pair, "decision_rules": decision_rules, "rule_validation": rule_validation}
