"""The data shipped with the project: where it is, and reading a JSON lexicon into its model.

:func:`project_dir` finds ``ontology/`` and ``queries/``, :func:`data_file` a file under
``reportgraph/data/`` (lexicons and word lists).

A lexicon is a JSON object whose keys are the fields of a pydantic model (one model per
lexicon, kept beside the stage that uses it). Keys that start with ``_`` are comments and are
dropped before validation; any other unknown key is an error, so a misspelt field is reported,
not ignored. A file that cannot be read, is not JSON, or does not fit its model raises
ModelError RG210 naming the file and the field (``types.riot.subject``), with what was found.

The field types here are the shapes the lexicons share: word sets compared in lower case,
words kept as written, and phrases split into lowercase words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationError

from reportgraph.errors import ModelError

CODE = "RG210"
M = TypeVar("M", bound=BaseModel)
_PACKAGE = Path(__file__).resolve().parent


def project_dir(name: str) -> Path:
    """``ontology`` or ``queries``: inside an installed wheel, or the checkout's top level."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reportgraph data folder {name!r} not found")


def data_file(name: str) -> Path:
    """A data file kept inside the package (lexicons and the like) under ``reportgraph/data``."""
    return _PACKAGE / "data" / name


def _lower(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _split_phrases(value: Any) -> Any:
    if not isinstance(value, list):
        return value  # not a list: the tuple type reports it
    return [p.lower().split() if isinstance(p, str) else p for p in value]


def _compiler(flags: int) -> Any:
    def compile_(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # not text: the Pattern type reports it
        try:
            return re.compile(value, flags)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc

    return compile_


Words = Annotated[frozenset[str], AfterValidator(_lower)]
"""A set of words or phrases, compared in lower case."""
Phrases = Annotated[tuple[tuple[str, ...], ...], BeforeValidator(_split_phrases)]
"""Phrases in file order, each as its lowercase words: ``"a few"`` -> ``("a", "few")``."""
Regex = Annotated[re.Pattern[str], BeforeValidator(_compiler(0))]
"""A regular expression, compiled."""
IgnoreCaseRegex = Annotated[re.Pattern[str], BeforeValidator(_compiler(re.IGNORECASE))]
"""A regular expression, compiled to ignore case."""


class Lexicon(BaseModel):
    """Base of every lexicon model: immutable, and no field that the model does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def without_comments(raw: Any) -> Any:
    """``raw`` with every object key that starts with ``_`` removed, at any depth."""
    if isinstance(raw, dict):
        return {k: without_comments(v) for k, v in raw.items() if not str(k).startswith("_")}
    if isinstance(raw, list):
        return [without_comments(v) for v in raw]
    return raw


def lexicon_error(where: str, why: str, fix: str = "") -> ModelError:
    """The RG210 error for a lexicon ``where`` (a file name, maybe with what it is for)."""
    return ModelError(
        f"lexicon {where}: {why}.",
        fix or f"correct {where} (its fields are described in reportgraph/data/).",
        code=CODE,
    )


def read_json(path: Path, where: str) -> dict[str, Any]:
    """The JSON object in ``path``, comments dropped; RG210 when it is not one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise lexicon_error(where, f"cannot be read ({exc})") from exc
    if not isinstance(raw, dict):
        raise lexicon_error(where, "the top level is not an object")
    found: dict[str, Any] = without_comments(raw)
    return found


def _field(error: Any) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    return loc or "(top level)"


def validate(model: type[M], raw: dict[str, Any], where: str) -> M:
    """``raw`` (comments dropped) as a ``model``; RG210 naming the first field that does not
    fit (and how many more do not)."""
    try:
        return model.model_validate(without_comments(raw))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        why = f"field {_field(first)}: {first['msg']}"
        if first["type"] != "missing":
            why += f" (found {first['input']!r})"
        if len(errors) > 1:
            why += f"; and {len(errors) - 1} more problem(s)"
        fix = f"correct the field {_field(first)} in {where}"
        raise lexicon_error(where, why, fix) from exc


def load_lexicon(model: type[M], name: str) -> M:
    """The shipped lexicon ``reportgraph/data/<name>`` as a ``model``."""
    return validate(model, read_json(data_file(name), name), name)
