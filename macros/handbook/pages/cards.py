"""Macros of the printable cards (docs/bedside/card.md, docs/patients/alert-card.md) and of the
open-data page (docs/about/open-data.md). The clinical content comes from the data; which facts
each card shows is listed here, by id."""
from __future__ import annotations

from .. import export
from ..errors import DataError
from ..render import card as rcard
from ..render import facts as rfacts
from ..render.html import esc

JUDGEMENT = "This card supports, and does not replace, clinical judgement."

# Which facts each part of the cards shows (ids from macros/data/facts/*.yaml).
STEPS = ["card-stop-drug", "card-cooling", "card-core-temp", "card-urine-output",
         "card-reinstate-dopaminergic"]
DOSES = ["card-benzo-msd", "card-lorazepam-sarkar", "card-dantrolene-msd", "card-dantrolene-sarkar",
         "card-bromocriptine-msd", "card-bromocriptine-sarkar", "card-amantadine-msd",
         "card-amantadine-sarkar"]
DOSE_NOTES = ["card-no-trials", "card-dantrolene-reulbach", "card-ect"]
ALERT_BACK = ["card-record-adr", "card-recurrence", "card-rechallenge-possible", "card-mh-different",
              "card-anaesthesia-mh", "card-anaesthesia-relaxant"]
ALERT_FRONT = {
    "Name": "alert-name",
    "Date of the episode": "alert-date",
    "Drug(s) involved": "alert-drug",
    "Hospital": "alert-hospital",
    "Doctor or team to contact": "alert-contact",
}


def macros(site):
    def facts(ids):
        out = []
        for i in ids:
            f = rfacts.get_fact(site.hb.facts, i, site.page)
            site.checked(f.last_checked)
            out.append(f)
        return out

    def versions() -> tuple[str, str]:
        return export.release_version(), export.data_version(site.hb)

    def bedside_card(set_id: str = "iec", differential_page: str = "../differential/index.html") -> str:
        """{{ bedside_card() }}: the one-page card (criteria, first steps, doses, mimics)."""
        cset = site.hb.criteria.get(set_id)
        if cset is None:
            raise DataError(f"{site.page}: bedside_card('{set_id}'): no criteria set '{set_id}'")
        site.checked(cset.last_checked)
        diff = site.hb.extra.get("differential")
        for cond in (diff.conditions if diff is not None else []):
            site.checked(cond.last_checked)
        release, data = versions()
        cit = site.citations
        return rcard.bedside_card(
            release=release, data_version=data,
            points=rcard.points_table(cset, cit),
            warnings=rcard.set_warnings(cset, cit),
            steps=rcard.statements(facts(STEPS), cit, "ol"),
            doses=rcard.dose_table(facts(DOSES), cit),
            dose_notes=rcard.statements(facts(DOSE_NOTES), cit),
            mimics=rcard.mimics_list(diff, cit, differential_page),
            judgement=esc(JUDGEMENT),
        )

    def alert_card() -> str:
        """{{ alert_card() }}: the patient's wallet-size card, front and back."""
        back = rcard.statements(facts(ALERT_BACK), site.citations)
        return rcard.alert_card(front=ALERT_FRONT, back=back,
                                title="I have had neuroleptic malignant syndrome (NMS)",
                                release=export.release_version())

    def handbook_version() -> str:
        """{{ handbook_version() }}: the release, from the VERSION file."""
        return esc(export.release_version())

    def data_version() -> str:
        """{{ data_version() }}: newest check date and hash of the clinical data."""
        return esc(export.data_version(site.hb))

    def open_data_contents() -> str:
        """{{ open_data_contents() }}: a Markdown table of the top-level keys of the JSON, from its schema."""
        sch = export.schema(site.hb)
        rows = ["| Key | What it holds |", "|---|---|"]
        for key, prop in sch["properties"].items():
            rows.append(f"| `{key}` | {esc(prop.get('description', ''))} |")
        return "\n".join(rows) + "\n"

    return {"bedside_card": bedside_card, "alert_card": alert_card, "handbook_version": handbook_version,
            "data_version": data_version, "open_data_contents": open_data_contents}
