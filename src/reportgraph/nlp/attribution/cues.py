"""Reporting cues of one sentence, found in its dependency parse.

A :class:`CueFrame` is one act of reporting: its cue word, the token heading the speaker phrase
(or none for unnamed reports), whom it was told to, and how surely. The word lists are data
(``data/nlp_attribution.json``); the patterns are general English:

* a reporting verb ("X said / told Y / claimed / confirmed / denied ..."): the speaker is its
  subject, the ``agent`` of a passive ("as reported by X"), the noun a participle modifies
  ("sources saying"), or is inherited along ``conj``/``xcomp``/``advcl`` ("... and added");
  an agentless passive of some verbs ("it was reported that", "are said to") is unnamed;
* "X put the toll at N" (a toll verb with a toll noun and "at");
* "according to X", "per X";
* a figure noun owned by a source ("X's figure", "by X's count", "X's tally of 70");
* a report noun ("reports say", "there were reports of", "allegations ... accusing");
* a hedging adverb ("reportedly").

:func:`sentence_cues` returns where each frame governs: ``heads`` maps a cue token to its frame
(what is reported sits in the token's complements), ``adjuncts`` maps a child token to the frame
that covers the clause the child hangs from ("according to", "..., X said" as parataxis).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from reportgraph.models import Certainty
from reportgraph.nlp.attribution.lexicon import CueLexicon
from reportgraph.nlp.dependencies import dependents

_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})


@dataclass(frozen=True)
class CueFrame:
    """One act of reporting in a sentence (token indices into the Doc)."""

    cue: int  # the cue token ("said", "according", "figure", "reportedly")
    text: str  # the cue as written, lowercased: "said", "according to", "put the toll at"
    certainty: Certainty
    speaker: int | None  # head token of the speaker phrase; None: unnamed reports
    span: tuple[int, int]  # token range naming the cue (for an unnamed source's mention)
    kind: str  # "verb", "noun", "toll", "adjunct" or "adverb": which dependents hold the content
    negated: bool = False
    recipients: tuple[int, ...] = ()  # who heard it: "told AP", "speaking with X"
    cited: int | None = None  # "X reported, citing a witness": the witness
    extra: frozenset[int] = field(default_factory=frozenset)  # content tokens of a toll frame


@dataclass(frozen=True)
class SentenceCues:
    heads: dict[int, CueFrame]  # cue token -> frame whose complements hold the claim
    adjuncts: dict[int, CueFrame]  # child token -> frame covering the clause of its head
    frames: tuple[CueFrame, ...]  # all frames, text order


_DASHES = frozenset({"—", "–", "-", "--"})


def _is_passive(verb: Token) -> bool:
    return bool(dependents(verb, "nsubjpass", "auxpass")) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not dependents(verb, "nsubj")
    )


def _subject(verb: Token, lex: CueLexicon, depth: int = 0) -> tuple[Token | None, bool]:
    """(speaker head, found): found False means no speaker could be named at all."""
    for agent in dependents(verb, "agent"):
        for pobj in dependents(agent, "pobj"):
            return pobj, True
    subjects = dependents(verb, "nsubj", "csubj")
    if subjects:
        # two subjects is a parse of a dateline ("CITY — X said"): the one nearest the verb
        subj = max(subjects, key=lambda s: (s.i < verb.i, s.i if s.i < verb.i else -s.i))
        if subj.tag_ in _RELATIVE_TAGS and verb.dep_ == "relcl":
            return _relative_head(verb, lex), True
        return _after_dateline(subj), True
    if _is_passive(verb):
        if verb.lemma_.lower() in lex.passive_unnamed:
            return None, True
        return None, False
    if depth > 3 or verb.head.i == verb.i:
        return None, False
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head, True
    if verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        head = verb.head
        if head.lemma_.lower() in lex.report_nouns:
            return head, True
        if head.pos_ != "VERB" or dependents(head, "agent", "nsubjpass", "auxpass"):
            return None, False  # "X were killed by Y, corroborating ...": Y is no speaker
        return _subject(head, lex, depth + 1)
    return None, False


def _after_dateline(subject: Token) -> Token:
    """ "LIMA (Andes Wire) — Residents of Callao said": the parser may make the dateline's city
    the subject and the real one its apposition after the dash; take the last such apposition."""
    dashes = [c.i for c in subject.children if c.dep_ == "punct" and c.text in _DASHES]
    if not dashes:
        return subject
    after = [c for c in subject.children if c.dep_ == "appos" and c.i > dashes[0]]
    return after[-1] if after else subject


def _relative_head(verb: Token, lex: CueLexicon) -> Token:
    """ "workers in the area who told": the workers, not the area."""
    head = verb.head
    for _ in range(3):
        prep = head.head
        if head.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in lex.place_prepositions:
            break
        if prep.head.pos_ in ("NOUN", "PROPN"):
            head = prep.head
            continue
        objects = [c for c in prep.head.children if c.dep_ == "dobj" and c.pos_ == "NOUN"]
        if not objects:  # "spoke to aid agencies in the area who" parsed with "aid" a verb
            break
        head = objects[0]
    return head


def _recipients(verb: Token, speaker: Token | None, lex: CueLexicon) -> list[int]:
    out: list[int] = []
    if verb.lemma_.lower() in lex.recipient_object_verbs:
        out += [c.i for c in dependents(verb, "dobj", "dative") if c.pos_ != "ADP"]
    for prep in verb.children:
        is_prep = prep.dep_ in ("prep", "dative") and prep.pos_ == "ADP"
        if is_prep and prep.lower_ in lex.recipient_prepositions:
            out += [c.i for c in dependents(prep, "pobj")]
        elif is_prep and prep.lower_ == "in":
            for pobj in dependents(prep, "pobj"):
                if pobj.lemma_.lower() in lex.interview_nouns:
                    for p2 in dependents(pobj, "prep"):
                        if p2.lower_ in lex.recipient_prepositions:
                            out += [c.i for c in dependents(p2, "pobj")]
    if speaker is not None:  # "sources speaking with X said"
        for acl in dependents(speaker, "acl", "relcl"):
            if acl.lemma_.lower() in lex.speak_verbs:
                for prep in dependents(acl, "prep", "dative"):
                    if prep.lower_ in lex.recipient_prepositions:
                        out += [c.i for c in dependents(prep, "pobj")]
    return out


def _cited(verb: Token, lex: CueLexicon) -> int | None:
    """ "X reported, citing a witness, that ...": the cited source (on the verb or its clause)."""
    places = [verb, *dependents(verb, "ccomp", "parataxis")]
    for host in places:
        for child in dependents(host, "advcl", "xcomp", "conj"):
            if child.lemma_.lower() in lex.citing_verbs and not dependents(child, "nsubj"):
                for obj in dependents(child, "dobj"):
                    return obj.i
    return None


def _is_negated(token: Token) -> bool:
    return bool(dependents(token, "neg"))


def _verb_frame(verb: Token, lex: CueLexicon) -> CueFrame | None:
    lemma = verb.lemma_.lower()
    if verb.dep_ in ("amod", "compound"):
        return None
    toll = _toll_parts(verb, lex)
    if toll is None and lemma not in lex.verbs:
        return None
    if any(c.lemma_.lower() in lex.idiom_objects.get(lemma, ()) for c in dependents(verb, "dobj")):
        return None  # "the ambush claimed 13 lives"
    speaker, found = _subject(verb, lex)
    if not found:
        return None
    if speaker is None and _is_negated(verb):
        return None  # "could not be verified" is a hedge on other reports, not a report
    if speaker is not None and speaker.lower_ == "it" and _is_passive(verb):
        speaker = None  # "it was reported that"
    negated = _is_negated(verb)
    recipients = tuple(_recipients(verb, speaker, lex))
    cited = _cited(verb, lex)
    if toll is not None:
        noun, extra = toll
        return CueFrame(
            cue=verb.i,
            text=f"{lemma} the {noun.lemma_.lower()} at",
            certainty=lex.verbs.get(lemma, "reported"),
            speaker=speaker.i if speaker is not None else None,
            span=(verb.i, verb.i + 1),
            kind="toll",
            negated=negated,
            recipients=recipients,
            cited=cited,
            extra=extra,
        )
    start = verb.i
    if speaker is None:  # "it was reported": the whole passive phrase names the cue
        start = min([verb.i, *(c.i for c in dependents(verb, "nsubjpass", "auxpass", "aux"))])
    return CueFrame(
        cue=verb.i,
        text=verb.lower_,
        certainty=lex.verbs.get(lemma, "reported"),
        speaker=speaker.i if speaker is not None else None,
        span=(start, verb.i + 1),
        kind="verb",
        negated=negated,
        recipients=recipients,
        cited=cited,
    )


def _toll_parts(verb: Token, lex: CueLexicon) -> tuple[Token, frozenset[int]] | None:
    """ "put the toll at 45": (the toll noun, tokens of the object and the "at" phrase)."""
    if verb.lemma_.lower() not in lex.toll_verbs:
        return None
    nouns = [c for c in dependents(verb, "dobj") if c.lemma_.lower() in lex.toll_nouns]
    preps = [c for c in dependents(verb, "prep") if c.lower_ in lex.toll_prepositions]
    if not nouns or not preps:
        return None
    extra = {t.i for p in preps for t in p.subtree} | {t.i for t in nouns[0].subtree}
    return nouns[0], frozenset(extra)


_NOT_SOURCES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def _noun_speaker(noun: Token, lex: CueLexicon, prepositions: frozenset[str]) -> Token | None:
    """The owner of "X's figure" / "figures from X" / "a report by X" (not "the toll from May")."""
    owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    for prep in dependents(noun, "prep", "agent"):  # "figures from X": X must be a name
        if prep.lower_ in prepositions:
            owners += [c for c in dependents(prep, "pobj") if c.pos_ == "PROPN" or c.ent_type_]
    for owner in owners:
        if owner.ent_type_ not in _NOT_SOURCES and owner.pos_ in ("NOUN", "PROPN"):
            return owner
    return None


def _noun_frame(noun: Token, lex: CueLexicon) -> CueFrame | None:
    lemma = noun.lemma_.lower()
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if lemma in lex.report_nouns:
        speaker: Token | None = noun  # the speakers module finds a named owner, else unnamed
        certainty = lex.report_nouns[lemma]
    elif lemma in lex.figure_nouns or noun.lower_ in lex.figure_nouns:
        speaker = _noun_speaker(noun, lex, lex.figure_source_prepositions)
        if speaker is None:
            return None
        certainty = "reported"
    else:
        return None
    start = noun.i
    if lemma in lex.report_nouns:
        start = min(c.i for c in noun.subtree if c.i <= noun.i)
    return CueFrame(
        cue=noun.i,
        text=noun.lower_,
        certainty=certainty,
        speaker=speaker.i if speaker is not None else None,
        span=(start, noun.i + 1),
        kind="noun",
    )


def _adjunct_phrase(token: Token, lex: CueLexicon) -> tuple[str, Token] | None:
    """ "according to X" / "per X": (the phrase lowercased, the source token)."""
    for phrase in lex.adjunct_prepositions:
        if token.lower_ != phrase[0]:
            continue
        if len(phrase) == 1:
            for pobj in dependents(token, "pobj"):
                return phrase[0], pobj
            continue
        for second in token.children:
            if second.lower_ == phrase[1]:
                for pobj in dependents(second, "pobj"):
                    return " ".join(phrase), pobj
    return None


def _source_of(pobj: Token, lex: CueLexicon) -> tuple[int | None, Certainty]:
    """According to X: X, or X's owner for "X's figures", or unnamed for "reports"."""
    lemma = pobj.lemma_.lower()
    if lemma in lex.report_nouns:
        return pobj.i, lex.report_nouns[lemma]
    if lemma in lex.figure_nouns:
        owner = _noun_speaker(pobj, lex, lex.figure_source_prepositions)
        if owner is not None:
            return owner.i, "reported"
    return pobj.i, "reported"


def _may_start_frame(token: Token, lex: CueLexicon) -> bool:
    """Whether :func:`sentence_cues` may find a frame at ``token``: the first word of an adjunct
    phrase, a reporting adverb, a verb with a reporting or toll lemma, a noun with a report or
    figure word. Most tokens are none of these; telling them apart costs less than trying each
    kind of frame on them."""
    word = token.lower_
    if word in lex.adjunct_starts or (word in lex.adverbs and token.dep_ == "advmod"):
        return True
    pos = token.pos_
    if pos == "VERB":
        lemma = token.lemma_.lower()
        return lemma in lex.verbs or lemma in lex.toll_verbs
    if pos in ("NOUN", "PROPN"):
        if word in lex.figure_nouns:
            return True
        lemma = token.lemma_.lower()
        return lemma in lex.report_nouns or lemma in lex.figure_nouns
    return False


def sentence_cues(doc: Doc, first: int, end: int, lex: CueLexicon) -> SentenceCues:
    """The cue frames of the tokens ``first`` to ``end`` (one sentence) and where they govern."""
    heads: dict[int, CueFrame] = {}
    adjuncts: dict[int, CueFrame] = {}
    frames: list[CueFrame] = []
    for token in doc[first:end]:
        if not _may_start_frame(token, lex):
            continue
        frame: CueFrame | None = None
        if token.pos_ == "VERB":
            frame = _verb_frame(token, lex)
            if frame is not None:
                heads[token.i] = frame
                mark = {m.lower_ for m in dependents(token, "mark")}
                if token.dep_ == "parataxis" or (token.dep_ == "advcl" and "as" in mark):
                    adjuncts[token.i] = frame
        elif token.pos_ in ("NOUN", "PROPN"):
            frame = _noun_frame(token, lex)
            if frame is not None:
                heads[token.i] = frame
                owned = frame.speaker is not None and frame.speaker != token.i
                fresh = not any(c.dep_ == "det" for c in token.children)  # not "these claims"
                if token.dep_ in ("nsubj", "nsubjpass") and (owned or fresh):
                    adjuncts[token.i] = frame  # "X's tally stands at 70"
                by_count = token.dep_ == "pobj" and frame.speaker is not None
                by_count = by_count and token.head.lower_ in lex.figure_source_prepositions
                if by_count and token.head.head.pos_ in ("VERB", "AUX"):
                    adjuncts[token.head.i] = frame  # "by X's count, 70 died"
        if frame is None and token.lower_ in lex.adverbs and token.dep_ == "advmod":
            frame = CueFrame(
                cue=token.i,
                text=token.lower_,
                certainty=lex.adverbs[token.lower_],
                speaker=None,
                span=(token.i, token.i + 1),
                kind="adverb",
            )
            adjuncts[token.i] = frame
        if frame is None:
            found = _adjunct_phrase(token, lex)
            if found is not None:
                text, pobj = found
                speaker, certainty = _source_of(pobj, lex)
                frame = CueFrame(
                    cue=token.i,
                    text=text,
                    certainty=certainty,
                    speaker=speaker,
                    span=(token.i, pobj.i + 1 if speaker is None else token.i + 1),
                    kind="adjunct",
                )
                adjuncts[token.i] = frame
        if frame is not None:
            frames.append(frame)
    return SentenceCues(heads=heads, adjuncts=adjuncts, frames=tuple(frames))


def governs(frame: CueFrame, child: Token, lex: CueLexicon) -> bool:
    """Does ``frame`` (at ``child``'s head) report what lies under ``child``?"""
    if frame.kind == "toll":
        return child.i in frame.extra
    if frame.kind == "noun":
        if child.dep_ in lex.noun_content_deps:
            return True
        return child.dep_ == "prep" and child.lower_ in lex.noun_content_prepositions
    if child.dep_ in lex.content_deps:
        return True
    return child.dep_ == "prep" and child.lower_ in lex.content_prepositions
