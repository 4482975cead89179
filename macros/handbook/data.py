"""Load every data file under macros/data, validate it, and cross-check it.

`load()` returns one `Handbook` of plain typed objects, or raises a DataError whose lines each
name the file, the entry and the field. Nothing here renders anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import DataError
from .errors_format import format_pydantic
from .model.common import Cite
from .model.criteria import (AllNode, AnyNode, AtLeastNode, CriteriaSet, FindingNode, NotDocumentedNode,
                             NotNode, WeightedSumNode)
from .model.facts import Fact, FactFile
from .model.features import Feature
from .model.references import Reference
from .textrefs import REF_PLACEHOLDER, malformed
from .yamlsource import Source, load_yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PROJECT_ROOT = DATA_DIR.parents[1]


@dataclass
class Handbook:
    references: dict[str, Reference]
    features: dict[str, Feature]
    criteria: dict[str, CriteriaSet]
    facts: dict[str, Fact]
    fact_files: dict[str, FactFile]
    sources: dict[str, str] = field(default_factory=dict)  # object id -> file shown in messages
    extra: dict[str, object] = field(default_factory=dict)  # collections added by handbook/loaders
    refs_ok: bool = True  # False when references.yaml itself failed: skip citation checks elsewhere
    # Criteria sets (by file name) whose file failed: what names them is not reported again, so the
    # contributor sees the one mistake and not a page of echoes in other files
    broken_sets: set[str] = field(default_factory=set)

    def known_refs(self) -> dict | None:
        """For check_citations: the references, or None while references.yaml is broken."""
        return self.references if self.refs_ok else None


@dataclass
class _Collector:
    """Gathers every problem before failing, so one build shows all mistakes at once."""

    messages: list[str] = field(default_factory=list)

    def validate(self, source: Source, model, top: str | None = None):
        try:
            return TypeAdapter(model).validate_python(source.data)
        except ValidationError as exc:
            self.messages.extend(format_pydantic(source, exc.errors(), top))
            return None

    def add(self, source: Source, loc: tuple, text: str, top: str | None = None):
        from .errors_format import describe_location
        parts, fld = describe_location(source.data, loc, top)
        line = source.line_of(loc)
        where = f"{source.shown}:{line}" if line else source.shown
        label = [*parts] + ([f"field '{fld}'"] if fld else [])
        self.messages.append(": ".join([where, *label, text]))


def _read(path: Path, col: _Collector) -> Source | None:
    try:
        return load_yaml(path, PROJECT_ROOT)
    except FileNotFoundError:
        col.messages.append(f"{path}: file is missing")
        return None
    except DataError as exc:
        col.messages.extend(exc.messages)
        return None


def _walk(obj, loc=()):
    """Yield (location, value) for every model, list item and field below obj, with YAML keys."""
    yield loc, obj
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            yield from _walk(getattr(obj, name), loc + (info.alias or name,))
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from _walk(item, loc + (i,))


def check_citations(col: _Collector, source: Source, obj, refs: dict | None, top: str | None = None, base=()):
    """Every Cite below obj names a known reference. refs=None: the reference file itself is broken,
    so skip rather than report every citation as unknown."""
    if refs is None:
        return
    for loc, value in _walk(obj, base):
        if isinstance(value, Cite) and value.key not in refs:
            col.add(source, loc + ("key",) if isinstance(source.data_at(loc), dict) else loc,
                    f"unknown citation key '{value.key}' (not in macros/data/references.yaml)", top)


def _children(node):
    if isinstance(node, AllNode):
        return [("all", i, c) for i, c in enumerate(node.all)]
    if isinstance(node, AnyNode):
        return [("any", i, c) for i, c in enumerate(node.any)]
    if isinstance(node, AtLeastNode):
        return [("of", i, c) for i, c in enumerate(node.of)]
    if isinstance(node, NotNode):
        return [("not", None, node.not_)]
    if isinstance(node, NotDocumentedNode):
        return [("not_documented", None, node.not_documented)]
    if isinstance(node, WeightedSumNode):
        return [("weighted_sum", i, item.when) for i, item in enumerate(node.weighted_sum)]
    return []


def check_tree(col: _Collector, source: Source, cset: CriteriaSet, features: dict):
    """The logic must be sound: known findings, k within reach, points adding up to the total."""
    ids = [f.id for f in cset.findings]
    for i, f in enumerate(cset.findings):
        if ids.count(f.id) > 1 and ids.index(f.id) != i:
            col.add(source, ("findings", i, "id"), f"duplicate finding id '{f.id}'", "set")
        if features is not None and f.feature not in features:
            col.add(source, ("findings", i, "feature"),
                    f"unknown feature '{f.feature}' (not in macros/data/features.yaml)", "set")
        for j, fid in enumerate(f.also_features):
            if features is not None and fid not in features:
                col.add(source, ("findings", i, "also_features", j),
                        f"unknown feature '{fid}' (not in macros/data/features.yaml)", "set")
    used = set()

    node_ids: set[str] = set()

    def visit(node, loc):
        if getattr(node, "id", None) is not None:
            if node.id in node_ids:
                col.add(source, loc + ("id",), f"duplicate node id '{node.id}'", "set")
            node_ids.add(node.id)
        if isinstance(node, FindingNode):
            used.add(node.finding)
            if node.finding not in ids:
                col.add(source, loc + ("finding",), f"unknown finding '{node.finding}' "
                        f"(this set defines: {', '.join(ids)})", "set")
        if isinstance(node, NotDocumentedNode) and cset.checklist:
            col.add(source, loc + ("not_documented",), "not_documented is for criteria applied to records; "
                    "a bedside checklist cannot use it, because it would count a finding left unexamined "
                    "(set `checklist: false`, or rewrite the rule)", "set")
        if isinstance(node, AtLeastNode) and node.at_least > len(node.of):
            col.add(source, loc + ("at_least",), f"at_least {node.at_least} but the node has only "
                    f"{len(node.of)} children, so it can never be met", "set")
        if isinstance(node, WeightedSumNode):
            total = sum(item.points for item in node.weighted_sum)
            if total != node.total:
                col.add(source, loc + ("total",), f"the points add up to {total}, not the declared "
                        f"total {node.total}", "set")
            item_ids = [item.id for item in node.weighted_sum]
            for j, item in enumerate(node.weighted_sum):
                if item_ids.count(item.id) > 1 and item_ids.index(item.id) != j:
                    col.add(source, loc + ("weighted_sum", j, "id"), f"duplicate item id '{item.id}'", "set")
        for key, idx, child in _children(node):
            child_loc = loc + (key,) + ((idx,) if idx is not None else ())
            if isinstance(node, WeightedSumNode):
                child_loc = loc + ("weighted_sum", idx, "when")
            visit(child, child_loc)

    if cset.rule is not None:  # None only with no_required_count: the set lists features, no rule
        visit(cset.rule, ("rule",))
    else:
        used.update(ids)
    for i, d in enumerate(cset.disputed):
        if d.finding not in ids:
            col.add(source, ("disputed", i, "finding"), f"unknown finding '{d.finding}'", "set")
    for fid in ids:
        if fid not in used:
            col.add(source, ("findings", ids.index(fid), "id"),
                    f"finding '{fid}' is defined but not used in the rule", "set")


def _extra_loaders() -> list[Callable[[_Collector, Handbook, Path], None]]:
    """`load(col, hb, data_dir)` of every module in handbook/loaders (the differential, for example)."""
    import importlib
    import pkgutil

    from . import loaders
    return [importlib.import_module(f"{loaders.__name__}.{m.name}").load
            for m in sorted(pkgutil.iter_modules(loaders.__path__), key=lambda m: m.name)]


def load(data_dir: Path = DATA_DIR) -> Handbook:
    col = _Collector()
    data_dir = Path(data_dir)

    refs: dict[str, Reference] = {}
    entries = None
    src = _read(data_dir / "references.yaml", col)
    if src:
        entries = col.validate(src, list[Reference], "reference")
        for i, ref in enumerate(entries or []):
            if ref.key in refs:
                col.add(src, (i, "key"), f"duplicate reference key '{ref.key}'", "reference")
            refs[ref.key] = ref
        for i, ref in enumerate(entries or []):
            for problem in malformed(ref.note or "", REF_PLACEHOLDER):
                col.add(src, (i, "note"), problem, "reference")
            for key in REF_PLACEHOLDER.findall(ref.note or ""):
                if key not in refs:
                    col.add(src, (i, "note"), f"unknown reference key '{key}' in {{ref:{key}}}", "reference")

    features: dict[str, Feature] = {}
    fsrc = _read(data_dir / "features.yaml", col)
    feature_list = col.validate(fsrc, list[Feature], "feature") if fsrc else None
    if feature_list is not None:
        for i, feat in enumerate(feature_list):
            if feat.id in features:
                col.add(fsrc, (i, "id"), f"duplicate feature id '{feat.id}'", "feature")
            features[feat.id] = feat

    hb = Handbook(references=refs, features=features, criteria={}, facts={}, fact_files={})
    hb.refs_ok = bool(src) and entries is not None
    known_refs = hb.known_refs()

    for path in sorted((data_dir / "criteria").glob("*.yaml")):
        s = _read(path, col)
        cset = s and col.validate(s, CriteriaSet, "set")
        if not cset:
            hb.broken_sets.add(path.stem)
            continue
        if cset.id != path.stem:
            col.add(s, ("id",), f"the set id '{cset.id}' must match the file name '{path.stem}'")
        if cset.id in hb.criteria:
            col.add(s, ("id",), f"duplicate criteria set id '{cset.id}'")
        # A features file that did not load checks no finding: its own error is enough.
        check_tree(col, s, cset, features if feature_list is not None else None)
        check_citations(col, s, cset, known_refs, "set")
        hb.criteria[cset.id] = cset
        hb.sources[cset.id] = s.shown

    for path in sorted((data_dir / "facts").glob("*.yaml")):
        s = _read(path, col)
        ff = s and col.validate(s, FactFile)
        if not ff:
            continue
        if ff.topic != path.stem:
            col.add(s, ("topic",), f"the topic '{ff.topic}' must match the file name '{path.stem}'")
            continue
        check_citations(col, s, ff, known_refs)
        hb.fact_files[ff.topic] = ff
        for i, fact in enumerate(ff.facts):
            if fact.id in hb.facts:
                col.add(s, ("facts", i, "id"), f"duplicate fact id '{fact.id}' "
                        f"(also in {hb.sources.get('fact:' + fact.id)})")
            if fact.statement is not None and "{value}" not in fact.statement:
                col.add(s, ("facts", i, "statement"), "the statement must contain {value} where the figure goes")
            hb.facts[fact.id] = fact.model_copy(update={"last_checked": fact.last_checked or ff.last_checked})
            hb.sources["fact:" + fact.id] = s.shown

    for extra in _extra_loaders():
        extra(col, hb, data_dir)

    if col.messages:
        raise DataError(col.messages)
    return hb
