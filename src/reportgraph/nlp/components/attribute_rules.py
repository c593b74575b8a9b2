"""spaCy's attribute ruler, compiled to lookups: the same annotations, without the Matcher.

English pipelines map fine-grained tags to coarse POS and morphology with an ``attribute_ruler``
of a few hundred one- or two-token patterns (``{"TAG": "NNS"}``, ``{"LOWER": "n't", "TAG":
"RB"}``). spaCy runs them through its general ``Matcher``, which tests every pattern at every
token: in ``en_core_web_sm`` that is a large share of the whole pipeline's time (bench/README.md,
session 7).

When every pattern of a ruler is a fixed sequence of plain tests on token attributes (equality,
``IN``, ``NOT_IN``, ``REGEX``; no ``OP``, no fuzzy, set or comparison predicates, no extension
attributes) and every rule sets only token-level attributes (``TAG``, ``POS``, ``MORPH``,
``LEMMA``, ``DEP``), :func:`compile_rules` turns it into :class:`CompiledRules`. The matches are
applied as spaCy applies them: rules in the order they were added, a later rule overriding an
earlier one, ``index`` picking the token of the match. Anything else returns ``None`` and
:func:`~reportgraph.nlp.pipeline.load_pipeline` keeps the pipeline's own ruler.
``tests/nlp/components/test_attribute_rules.py`` checks the annotations are identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

COMPONENT = "rg_attribute_rules"
T = TypeVar("T")

# Attributes a pattern may test: Token.get_struct_attr reads them, as the Matcher does.
_MATCH_ATTRS = frozenset(
    ("ORTH", "LOWER", "NORM", "SHAPE", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE", "IS_SPACE")
) | frozenset(("IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE"))
# Attributes a rule may set: token-only fields (spaCy also writes a rule's attributes to the
# shared lexeme, which for these is a no-op; for lexical ones it is not, so they are refused).
_SET_ATTRS = frozenset((TAG, POS, MORPH, LEMMA, DEP))


_Test = tuple[int, int, str, object]  # (column, offset in the match, kind, what it compares)
_SIGNATURES_KEPT = 1 << 16  # token signatures remembered (then forgotten, to bound memory)


@dataclass(frozen=True)
class _Pattern:
    tests: tuple[_Test, ...]
    length: int
    target: int  # offset of the token the rule sets

    @property
    def equalities(self) -> bool:
        return all(kind == "==" for _, _, kind, _ in self.tests)


class _Strings:
    """A regex predicate's verdict per attribute value (a string id), computed once per value."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.seen: dict[tuple[re.Pattern[str], int], bool] = {}

    def verdict(self, regex: re.Pattern[str], value: int) -> bool:
        key = (regex, value)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = bool(regex.search(self.vocab.strings[value]))
        return found

    def mask(self, regex: re.Pattern[str], values: NDArray[np.uint64]) -> NDArray[np.bool_]:
        unique, inverse = np.unique(values, return_inverse=True)
        verdicts = np.array([self.verdict(regex, v) for v in unique.tolist()], dtype=bool)
        return verdicts[inverse]


class CompiledRules:
    """The rules of one ruler. spaCy applies every match in rule order, a later rule overriding
    an earlier one; here each token and output attribute keeps the highest-numbered rule that
    matched it, which is the same thing.

    Single-token patterns (nearly all of them) depend only on the token's values of the
    attributes they test, its *signature*: what they set is decided once per signature and
    looked up after that. Longer patterns are tested over the whole Doc with NumPy."""

    def __init__(
        self,
        match_attrs: tuple[int, ...],
        set_attrs: tuple[int, ...],
        rule_sets: tuple[tuple[tuple[int, int], ...], ...],
        patterns: tuple[tuple[int, _Pattern], ...],
        vocab: Vocab,
    ) -> None:
        self.match_attrs = match_attrs  # attribute ids read from the Doc, one column each
        self.set_attrs = set_attrs  # attribute ids written back, one column each
        self.rule_sets = rule_sets  # per rule number: (output column, value) pairs
        self.strings = _Strings(vocab)
        single = [(r, p) for r, p in patterns if p.length == 1]
        self.longer = tuple((r, p) for r, p in patterns if p.length > 1)
        self.signature = sorted({c for _, p in single for c, _, _, _ in p.tests})
        # equality patterns, per tested column set: their values (signature order) -> rules
        tables: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
        for r, p in single:
            if p.equalities:
                tests = sorted((self.signature.index(c), v) for c, _, _, v in p.tests)
                key = tuple(int(v) for _, v in tests)  # type: ignore[call-overload]
                tables.setdefault(tuple(i for i, _ in tests), {}).setdefault(key, []).append(r)
        self.tables = tuple(tables.items())
        self.checked = tuple(  # the other single-token patterns, tested per signature
            (r, tuple((self.signature.index(c), k, v) for c, _, k, v in p.tests))
            for r, p in single
            if not p.equalities
        )
        self.known: dict[tuple[int, ...], int] = {}  # signature -> row of the two tables
        width = len(set_attrs)
        self.numbers = np.full((64, width), -1, dtype=np.int64)  # the rule that set it
        self.values = np.zeros((64, width), dtype=np.uint64)  # the value it set

    def _passes(self, signature: tuple[int, ...], tests: tuple[tuple[int, str, Any], ...]) -> bool:
        for i, kind, what in tests:
            value = signature[i]
            if kind == "==":
                ok = value == what
            elif kind == "IN":
                ok = value in what
            elif kind == "NOT_IN":
                ok = value not in what
            else:
                ok = self.strings.verdict(what, value)
            if not ok:
                return False
        return True

    def _decide(self, signature: tuple[int, ...]) -> int:
        """Add what single-token rules set on a token with this signature; its row."""
        hits = {
            r
            for positions, table in self.tables
            for r in table.get(tuple(signature[i] for i in positions), ())
        }
        hits.update(r for r, tests in self.checked if self._passes(signature, tests))
        row = len(self.known)
        if row >= len(self.numbers):  # grow both tables
            self.numbers = np.concatenate([self.numbers, np.full_like(self.numbers, -1)])
            self.values = np.concatenate([self.values, np.zeros_like(self.values)])
        self.numbers[row], self.values[row] = -1, 0  # a row is reused once signatures are forgotten
        for r in sorted(hits):
            for column, value in self.rule_sets[r]:
                self.numbers[row, column], self.values[row, column] = r, value
        self.known[signature] = row
        return row

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0 or not self.rule_sets:
            return doc
        columns = doc_columns(doc, list(self.match_attrs))
        out = doc_columns(doc, list(self.set_attrs))
        if len(self.known) > _SIGNATURES_KEPT:
            self.known.clear()
        known, decide = self.known, self._decide
        rows = [
            known[sig] if sig in known else decide(sig)
            for sig in map(tuple, columns[:, self.signature].tolist())
        ]
        winner = self.numbers[rows]
        hit = winner >= 0
        out[hit] = self.values[rows][hit]
        for r, pattern in self.longer:
            hits = self._starts(columns, pattern, n)
            if hits is None:
                continue
            targets = hits + pattern.target
            for column, value in self.rule_sets[r]:
                later = targets[winner[targets, column] < r]
                out[later, column] = value
                winner[later, column] = r
        if (winner >= 0).any():
            doc.from_array(list(self.set_attrs), out)  # type: ignore[arg-type]
        return doc

    def _starts(
        self, columns: NDArray[np.uint64], pattern: _Pattern, n: int
    ) -> NDArray[np.intp] | None:
        """Start positions where ``pattern`` matches, or None."""
        last = n - pattern.length + 1
        if last <= 0:
            return None
        mask: NDArray[np.bool_] = np.ones(last, dtype=bool)
        for column, offset, kind, what in pattern.tests:
            values = columns[offset : offset + last, column]
            if kind == "==":
                mask &= values == what
            elif kind == "IN":
                mask &= np.isin(values, what)  # type: ignore[arg-type]
            elif kind == "NOT_IN":
                mask &= ~np.isin(values, what)  # type: ignore[arg-type]
            else:
                mask &= self.strings.mask(what, values)  # type: ignore[arg-type]
            if not mask.any():
                return None
        return np.flatnonzero(mask)


def _test(vocab: Vocab, attr: str, raw: object) -> tuple[str, object] | None:
    """What the Matcher checks for ``{attr: raw}``, as its own pattern compiler reads it, or
    None when it is not a plain test (the general Matcher is then needed)."""
    if isinstance(raw, bool):
        return "==", int(raw)
    if isinstance(raw, int):
        return "==", raw
    if isinstance(raw, str):
        return ("==", int(vocab.strings.add(raw))) if not attr.startswith("IS_") else None
    if not isinstance(raw, dict) or len(raw) != 1:
        return None
    ((op, arg),) = raw.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list):
        if all(isinstance(v, str) for v in arg) and not attr.startswith("IS_"):
            return op, np.array(sorted({get_string_id(v) for v in arg}), dtype=np.uint64)
        return None
    if op == "REGEX" and isinstance(arg, str) and not attr.startswith("IS_"):
        return "REGEX", re.compile(arg)
    return None


def compile_rules(ruler: AttributeRuler) -> CompiledRules | None:
    """The ruler's rules as array lookups, or None when any rule needs the general Matcher."""
    vocab = ruler.vocab
    match_attrs: list[int] = []
    set_attrs: list[int] = []
    rule_sets: list[tuple[tuple[int, int], ...]] = []
    patterns: list[tuple[int, _Pattern]] = []
    entries = ruler.patterns  # one entry per rule, in the order they were added
    if len(entries) != len(ruler.attrs):
        return None

    def column(attrs: list[int], attr_id: int) -> int:
        if attr_id not in attrs:
            attrs.append(attr_id)
        return attrs.index(attr_id)

    for entry, normalized, index in zip(entries, ruler.attrs, ruler.indices, strict=True):
        if not isinstance(normalized, dict) or "_" in normalized:
            return None
        if any(attr not in _SET_ATTRS for attr in normalized):
            return None
        number = len(rule_sets)
        rule_sets.append(tuple((column(set_attrs, a), int(v)) for a, v in normalized.items()))
        listed = entry["patterns"]
        if not isinstance(listed, list):
            return None
        for tokens in listed:
            if not isinstance(tokens, list) or not tokens:
                return None
            length = len(tokens)
            if not -length <= index < length:
                return None  # spaCy raises E1001 when such a rule matches: leave that to it
            tests: list[_Test] = []
            for offset, spec in enumerate(tokens):
                if not isinstance(spec, dict):
                    return None
                for key, raw in spec.items():
                    attr = str(key).upper()
                    attr = "ORTH" if attr == "TEXT" else attr
                    test = _test(vocab, attr, raw) if attr in _MATCH_ATTRS else None
                    if test is None:
                        return None
                    tests.append((column(match_attrs, IDS[attr]), offset, *test))
            target = index if index >= 0 else length + index
            patterns.append((number, _Pattern(tuple(tests), length, target)))
    if not match_attrs or not set_attrs:
        return None
    return CompiledRules(
        tuple(match_attrs), tuple(set_attrs), tuple(rule_sets), tuple(patterns), vocab
    )


class AttributeRules:
    """The pipeline component: :class:`CompiledRules` in place of the ruler they came from."""

    def __init__(self, rules: CompiledRules | None = None) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        return doc if self.rules is None else self.rules(doc)


@Language.factory(COMPONENT)
def make_attribute_rules(nlp: Language, name: str) -> AttributeRules:
    """An empty component; :func:`use_compiled_rules` fills it from the pipeline's ruler."""
    return AttributeRules()


def use_compiled_rules(nlp: Language) -> list[str]:
    """Replace each attribute ruler of ``nlp`` whose rules compile, in place; returns the names
    of the rulers replaced (the others stay as they are)."""
    replaced: list[str] = []
    for name, component in list(nlp.pipeline):
        if not isinstance(component, AttributeRuler):
            continue
        rules = compile_rules(component)
        if rules is None:
            continue
        swap_in(nlp, name, COMPONENT, AttributeRules).rules = rules
        replaced.append(name)
    return replaced


def swap_in(nlp: Language, name: str, factory: str, kind: type[T]) -> T:
    """Add a ``factory`` component right after the component ``name``, remove ``name`` and
    return the new component (named ``factory``, or ``factory_name`` when taken)."""
    new_name = factory if factory not in nlp.pipe_names else f"{factory}_{name}"
    component = nlp.add_pipe(factory, name=new_name, after=name)
    assert isinstance(component, kind)
    nlp.remove_pipe(name)
    return component


def doc_columns(doc: Doc, attrs: list[int]) -> NDArray[np.uint64]:
    """The Doc's values of ``attrs``: one row per token, one column per attribute."""
    values = np.asarray(doc.to_array(attrs), dtype=np.uint64)  # type: ignore[arg-type]
    return values.reshape((len(doc), len(attrs)))
