"""Reading a JSON lexicon into its model: every bad file is one RG210 error naming the file and
the field, and every shipped lexicon fits its model (lexicons written here are invented)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgraph.data_files import (
    IgnoreCaseRegex,
    Lexicon,
    Phrases,
    Words,
    read_json,
    validate,
    without_comments,
)
from reportgraph.errors import ModelError
from reportgraph.nlp.events.lexicon import load_event_lexicon


class Sample(Lexicon):
    verbs: Words
    openers: Phrases
    hedge: IgnoreCaseRegex
    limit: int = 2


GOOD: dict[str, Any] = {"verbs": ["Say", "TELL"], "openers": ["A few", "several"], "hedge": "not"}


def fails(raw: dict[str, Any]) -> ModelError:
    with pytest.raises(ModelError) as info:
        validate(Sample, raw, "sample.json")
    assert info.value.code == "RG210"
    assert "sample.json" in info.value.cause
    return info.value


def test_a_good_lexicon_is_typed_and_normalised() -> None:
    lex = validate(Sample, GOOD, "sample.json")
    assert lex.verbs == frozenset({"say", "tell"})
    assert lex.openers == (("a", "few"), ("several",))
    assert lex.hedge.search("NOT confirmed") is not None  # compiled to ignore case
    assert lex.limit == 2


def test_an_unknown_field_is_named_not_ignored() -> None:
    error = fails({**GOOD, "verbz": ["say"]})
    assert "field verbz" in error.cause and "verbz" in error.fix


def test_a_missing_field_is_named() -> None:
    error = fails({k: v for k, v in GOOD.items() if k != "openers"})
    assert "field openers" in error.cause


def test_a_value_of_the_wrong_type_is_named_with_what_was_found() -> None:
    error = fails({**GOOD, "verbs": ["say", 7]})
    assert "field verbs." in error.cause and "found 7" in error.cause
    assert "field limit" in fails({**GOOD, "limit": "many"}).cause


def test_a_bad_regular_expression_is_named() -> None:
    error = fails({**GOOD, "hedge": "(unclosed"})
    assert "field hedge" in error.cause and "regular expression" in error.cause


def test_keys_starting_with_underscore_are_comments_at_any_depth() -> None:
    raw = {"_doc": "about", "a": {"_note": 1, "b": [{"_c": 2, "d": 3}]}}
    assert without_comments(raw) == {"a": {"b": [{"d": 3}]}}
    assert validate(Sample, {**GOOD, "_doc": "comments are allowed"}, "x").verbs


@pytest.mark.parametrize(
    ("content", "why"),
    [("{not json", "cannot be read"), ("[1, 2]", "not an object"), (b"\xff\xfe\x00", "read")],
)
def test_a_file_that_is_no_json_object_is_one_error(
    tmp_path: Path, content: str | bytes, why: str
) -> None:
    path = tmp_path / "lex.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        read_json(path, "lex.json")
    assert info.value.code == "RG210" and why in info.value.cause
    with pytest.raises(ModelError):
        read_json(tmp_path / "missing.json", "missing.json")


def write(tmp_path: Path, raw: object) -> Path:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_a_user_event_file_names_the_field_it_gets_wrong(tmp_path: Path) -> None:
    bad_role = {"types": {"riot": {"verbs": ["riot"], "subject": "boss"}}}
    with pytest.raises(ModelError) as info:
        load_event_lexicon(write(tmp_path, bad_role))
    assert info.value.code == "RG210"
    assert "types.riot.subject" in info.value.cause and "'boss'" in info.value.cause
    assert str(tmp_path / "events.json") in info.value.cause
    with pytest.raises(ModelError) as info:
        load_event_lexicon(write(tmp_path, {"typez": {}}))
    assert "field typez" in info.value.cause
    with pytest.raises(ModelError) as info:
        load_event_lexicon(write(tmp_path, {"types": {"riot": {"verbs": [""]}}}))
    assert "types.riot.verbs.0" in info.value.cause  # a trigger without words


def test_a_user_event_file_merges_over_the_shipped_types(tmp_path: Path) -> None:
    shipped = load_event_lexicon()
    name = next(iter(shipped.types))
    extra = {
        "types": {
            "picketing": {"verbs": ["picket"], "subject": "agent", "object": "target"},
            name: None,
        },
        "settings": {"support_verbs": ["Stage"]},
    }
    merged = load_event_lexicon(write(tmp_path, extra))
    assert "picketing" in merged.types and name not in merged.types
    assert merged.types["picketing"].passive_agent == "agent"  # defaults to the subject's role
    assert merged.settings.support_verbs == frozenset({"stage"})
    assert merged.verb_triggers["picket"][0][0].name == "picketing"
    assert name in load_event_lexicon().types  # the shipped lexicon is a value: unchanged


def test_every_shipped_lexicon_fits_its_model(lexicons: Any) -> None:
    assert lexicons.general.label_map and lexicons.typing.org_cues
    assert lexicons.aliases.cues and lexicons.cues.verbs and lexicons.figures.qualifiers
    assert lexicons.events.types
    from reportgraph.ingest.comments import load_cues
    from reportgraph.resolve.keys import _words

    assert load_cues().markers.pattern and _words().function_words
