"""Who a claim is attributed to, through whom, and how surely.

:class:`Attributor` is made once per document and asked per claim: ``attributor(sentence,
anchor)`` where ``anchor`` is the token of what is claimed (a relation's verb, a figure's number
or governing verb, an event trigger). In order:

1. segments: a reader comment is an anonymous commenter's; an embedded post is its author
   account's (both ``asserted``, passed on by the publication);
2. the anchor's clause: walking up the parse from the anchor, the nearest reporting verb whose
   complement holds it ("X said / told Y / claimed / denied that ..."), toll verb ("X put the
   toll at N"), figure noun ("X's tally of N") or report noun ("reports of ..."), or a cue
   attached to a clause on the way ("according to X", "..., X said", "as reported by X",
   "by X's count", "reportedly");
3. the sentence: its main cue when that is the sentence's root ("X said ..." with a parse that
   lost the anchor);
4. carry-over: a sentence inside a quotation takes the speaker of the quotation;
5. the publication, ``asserted``.

Speakers become Sources (:mod:`reportgraph.nlp.attribution.speakers`); pronouns resolve to
the latest fitting source or named person/organisation of the same and two previous sentences of the
segment. ``via`` lists intermediaries ("a witness told AP": AP) and ends at the publication.
Certainty comes from the cue (data/nlp_attribution.json), turned by negation ("did not
confirm") and by hedges in the sentence or, for "these claims remain unverified", the next one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from reportgraph import ids
from reportgraph.models import Certainty, Document, Entity, Segment, Source
from reportgraph.nlp.attribution.content import content_span
from reportgraph.nlp.attribution.cues import CueFrame, SentenceCues, governs
from reportgraph.nlp.attribution.cues import sentence_cues as find_cues
from reportgraph.nlp.attribution.lexicon import CueLexicon
from reportgraph.nlp.attribution.speakers import Candidate, Recent, Speakers, refs_of
from reportgraph.nlp.sentences import Sentence, split_sentences

if TYPE_CHECKING:
    from reportgraph.nlp.lexicons import Lexicons

LOOK_BACK = 2  # sentences searched for a pronoun's antecedent


@dataclass(frozen=True)
class Attribution:
    source: Source
    via: tuple[Source, ...] = ()  # from the source's channel up to the publication
    cue: str | None = None  # the reporting cue as written ("said", "according to")
    certainty: Certainty = "asserted"


@dataclass(frozen=True)
class Report:
    """One act of reporting of a sentence: the cue frame, who made it, and what it says."""

    frame: CueFrame
    attribution: Attribution
    content: tuple[int, int] | None  # characters of what was said (may leave the sentence)


LEAD_WORDS = 8  # words of the text that name a document with no publisher or title


def document_label(document: Document) -> str:
    """A readable name for a document with no publisher: its title, else the first words of its
    first line (a headline, usually), and its file name ("Floods close the port of …
    (article-17.txt)")."""
    name = PurePath(document.path).name or document.path or document.id
    lead = document.title
    if not lead:
        first = next((line for line in document.text.splitlines() if line.strip()), "")
        words = first.split()
        lead = " ".join(words[:LEAD_WORDS]) + (" …" if len(words) > LEAD_WORDS else "")
    return f"{lead} ({name})" if lead else name


def publication_source(document: Document) -> Source:
    """The publication itself: the publisher, else :func:`document_label`."""
    return Source(
        id=ids.publication_source_id(document.publisher, document.id),
        label=document.publisher or document_label(document),
        kind="publication",
    )


def account_source(segment: Segment) -> Source | None:
    """The author of an embedded post, when the segment names one."""
    handle = (segment.author_handle or "").strip().lstrip("@")
    name = (segment.author_name or "").strip()
    if handle:
        label = f"{name} (@{handle})" if name else f"@{handle}"
        return Source(id=ids.source_id("account", handle), label=label, kind="account")
    if name:
        return Source(id=ids.source_id("account", name), label=name, kind="account")
    return None


def commenter_source(document: Document, segment: Segment, lex: CueLexicon) -> Source:
    """The anonymous author of a reader comment (one per comment segment)."""
    return Source(
        id=ids.source_id("anonymous", f"{document.id}:commenter:{segment.start}"),
        label=lex.commenter_label,
        kind="anonymous",
    )


def _quote_marks(lex: CueLexicon) -> re.Pattern[str]:
    """Matches one opening or closing quotation mark."""
    marks = "".join(sorted(lex.quote_open | lex.quote_close))
    return re.compile(f"[{re.escape(marks)}]")


def _quote_open_after(
    text: str, open_at_start: bool, lex: CueLexicon, marks: re.Pattern[str]
) -> bool:
    """Is a quotation open after ``text`` (``marks``: :func:`_quote_marks` of ``lex``)?"""
    state = open_at_start
    for ch in marks.findall(text):
        if ch in lex.quote_open and ch in lex.quote_close:
            state = not state
        elif ch in lex.quote_open:
            state = True
        elif ch in lex.quote_close:
            state = False
    return state


def _alternation(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that finds a match wherever one of ``patterns`` does (a single scan of the
    text instead of one per pattern); None when they cannot be joined (capturing groups, whose
    numbers would shift, or different flags)."""
    if not patterns or any(p.groups for p in patterns):
        return None
    if len({p.flags for p in patterns}) > 1:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


class Attributor:
    """Attributes the claims of one document (frames cached per sentence, results per anchor)."""

    def __init__(
        self,
        document: Document,
        lexicons: Lexicons,
        doc: Doc | None = None,
        entities: Sequence[Entity] = (),
        sentences: Sequence[Sentence] | None = None,
    ) -> None:
        """``sentences``: ``split_sentences(document, doc)[0]`` when the caller has it already."""
        self.document = document
        self.doc = doc
        self.entities = entities
        self.publication = publication_source(document)
        self.lex = lexicons.cues
        self._unrealised_aux = lexicons.events.settings.irrealis_auxiliaries
        self._unrealised_gov = lexicons.events.settings.irrealis_governors
        self._publisher_key = ids.normalise_name(document.publisher or "")
        self._cache: dict[tuple[int, int, int], Attribution] = {}
        self._cues: dict[int, SentenceCues] = {}
        self._mains: dict[int, CueFrame | None] = {}
        self._hedges: dict[str, tuple[bool, bool]] = {}
        self._unverified = _alternation(self.lex.unverified)
        self._resolved: dict[int, list[tuple[CueFrame, Attribution]]] = {}
        self._candidates: dict[int, list[Candidate]] = {}
        self._named: dict[int, list[Candidate]] = {}
        self._by_segment: dict[tuple[int, int], Attribution | None] = {}
        self._labels: dict[str, str] = {}  # source label -> its normalised name
        self._done = 0  # sentences before this one have all their frames resolved
        self.sentences: list[Sentence] = []
        if doc is None:
            return
        if sentences is None:
            self.sentences, _ = split_sentences(document, doc)
        else:
            self.sentences = list(sentences)
        self._starts = [s.start for s in self.sentences]
        self.speakers = Speakers(document, doc, entities, lexicons)
        self._segment_of = [self._segment_key(s.start) for s in self.sentences]
        self._in_quote: list[tuple[bool, bool]] = []  # (open at start, open at end)
        state = False
        marks = _quote_marks(self.lex)
        for k, s in enumerate(self.sentences):
            if k and self._segment_of[k] != self._segment_of[k - 1]:
                state = False
            after = _quote_open_after(s.text, state, self.lex, marks)
            self._in_quote.append((state, after))
            state = after

    # --- public API ---

    def __call__(self, sentence: Sentence, anchor: int | None = None) -> Attribution:
        key = (sentence.start, sentence.end, -1 if anchor is None else anchor)
        found = self._cache.get(key)
        if found is None:
            found = self.attribute(sentence, anchor)
            self._cache[key] = found
        return found

    def attribute(self, sentence: Sentence, anchor: int | None = None) -> Attribution:
        segment = self.document.segment_at(sentence.start)
        if segment is not None and segment.kind in ("reader_comment", "embedded_post"):
            own = self._segment_attribution(segment)
            if own is not None:
                return own
        k = self._index(sentence)
        if self.doc is None or k < 0:
            return self._hedged(Attribution(source=self.publication), sentence.text, None)
        frame, hedge = self._frame_for(k, anchor)
        if frame is not None:
            found = self._resolve(k, frame)
            if hedge is not None and found.certainty in ("reported", "asserted"):
                found = replace(found, certainty=hedge.certainty)
            return self._hedged(found, self.sentences[k].text, k)
        carried = self._carry_over(k)
        if carried is not None:
            return self._hedged(carried, self.sentences[k].text, k)
        return self._hedged(Attribution(source=self.publication), self.sentences[k].text, k)

    def reports(self, sentence: Sentence) -> list[Report]:
        """The acts of reporting of ``sentence``. Hedging adverbs are not acts of their own ("X
        reportedly said" is X's statement, made ``alleged``), nor is a report noun that is the
        speaker of a reporting verb ("reports say ..."), nor a verb of an act not done ("will
        announce", "refused to say": the event lexicon's irrealis words)."""
        k = self._index(sentence)
        if self.doc is None or k < 0:
            return []
        self._ensure(k)
        cues = self._sentence_cues(k)
        hedges = {
            self.doc[f.cue].head.i: f for f in cues.frames if f.kind == "adverb"
        }  # "reportedly said": the adverb hangs from the cue
        seg = self.document.segment_at(sentence.start)
        bounds = (seg.start, seg.end) if seg is not None else (0, len(self.document.text))
        own = None  # a post's author or a commenter: the voice every report here passes through
        if seg is not None and seg.kind in ("reader_comment", "embedded_post"):
            own = self._segment_attribution(seg)
        s = self.sentences[k]
        speakers = {f.speaker for f in cues.frames if f.speaker is not None and f.speaker != f.cue}
        out: list[Report] = []
        for frame, attribution in self._resolved[k]:
            if frame.kind == "adverb" or frame.cue in speakers:
                continue  # "reports say ...": one act of reporting, the verb's
            if frame.kind == "verb" and self._unrealised(self.doc[frame.cue]):
                continue  # "will announce", "refused to say": nothing was said (yet)
            hedge = hedges.get(frame.cue)
            if hedge is not None and attribution.certainty in ("reported", "asserted"):
                attribution = replace(attribution, certainty=hedge.certainty)
            span = content_span(
                self.document.text,
                self.doc,
                frame,
                self.lex,
                adjunct=frame.cue in cues.adjuncts,
                sentence=(s.start, s.end),
                quote_open=self._in_quote[k],
                bounds=bounds,
            )
            if own is not None:
                attribution = _through(attribution, own)
            out.append(Report(frame, self._hedged(attribution, s.text, k), span))
        return out

    def _unrealised(self, verb: Token) -> bool:
        """A reporting verb that reports no act: "will say", "plans to announce"."""
        if any(c.lower_ in self._unrealised_aux for c in verb.children if c.dep_ == "aux"):
            return True
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self._unrealised_gov

    def _segment_attribution(self, segment: Segment) -> Attribution | None:
        """A reader comment's commenter or an embedded post's author (made once per segment)."""
        key = (segment.start, segment.end)
        if key not in self._by_segment:
            source = (
                commenter_source(self.document, segment, self.lex)
                if segment.kind == "reader_comment"
                else account_source(segment)
            )
            self._by_segment[key] = (
                None if source is None else Attribution(source=source, via=(self.publication,))
            )
        return self._by_segment[key]

    # --- sentences ---

    def _segment_key(self, offset: int) -> int:
        seg = self.document.segment_at(offset)
        return seg.start if seg is not None else -1

    def _index(self, sentence: Sentence) -> int:
        if self.doc is None:
            return -1
        k = bisect.bisect_right(self._starts, sentence.start) - 1
        if k >= 0 and self.sentences[k].start <= sentence.start < max(
            self.sentences[k].end, sentence.start + 1
        ):
            return k
        return -1

    def _sentence_cues(self, k: int) -> SentenceCues:
        found = self._cues.get(k)
        if found is None:
            assert self.doc is not None
            s = self.sentences[k]
            found = find_cues(self.doc, s.first_token, s.end_token, self.lex)
            self._cues[k] = found
        return found

    # --- which frame governs the anchor ---

    def _frame_for(self, k: int, anchor: int | None) -> tuple[CueFrame | None, CueFrame | None]:
        """(the frame deciding the anchor's source, a hedging adverb that also applies)."""
        assert self.doc is not None
        cues = self._sentence_cues(k)
        s = self.sentences[k]
        if anchor is None or not (s.first_token <= anchor < s.end_token):
            return self._main(k), None
        walked, hedge = self._walk(self.doc[anchor], cues)
        if walked is not None and walked.kind != "adverb":
            return walked, hedge
        main = self._main(k)
        if main is None or main.kind == "adverb" or self.doc[main.cue].dep_ != "ROOT":
            return walked, None
        if main.speaker is not None:
            speaker = self.doc[main.speaker]
            if speaker.left_edge.i <= anchor <= speaker.right_edge.i:
                return walked, None
        return main, walked

    def _walk(self, token: Token, cues: SentenceCues) -> tuple[CueFrame | None, CueFrame | None]:
        """(the nearest frame governing ``token``, a hedging adverb met on the way)."""
        prev: Token | None = None
        hedge: CueFrame | None = None
        for _ in range(50):
            head = token.head
            frame = cues.heads.get(token.i)
            if frame is not None and (prev is None or governs(frame, prev, self.lex)):
                outer = cues.heads.get(head.i)
                unowned = frame.kind == "noun" and frame.speaker == frame.cue
                if unowned and outer is not None and governs(outer, token, self.lex):
                    return outer, hedge  # "X rejected claims that ...": X's
                return frame, hedge
            for child in token.children if cues.adjuncts else ():
                found = cues.adjuncts.get(child.i)
                if prev is not None and child.i == prev.i:
                    found = None
                if found is not None and found.kind == "adverb":
                    hedge = hedge or found
                elif found is not None:
                    return found, hedge
            if head.i == token.i:
                break
            prev, token = token, head
        return hedge, None

    def _main(self, k: int) -> CueFrame | None:
        """Sentence ``k``'s main cue: the one nearest the root (noun cues only with content)."""
        if k not in self._mains:
            self._mains[k] = self._find_main(self._sentence_cues(k))
        return self._mains[k]

    def _find_main(self, cues: SentenceCues) -> CueFrame | None:
        assert self.doc is not None
        best: tuple[int, int] | None = None
        chosen: CueFrame | None = None
        for frame in cues.frames:
            token = self.doc[frame.cue]
            if frame.kind == "noun" and frame.cue not in cues.adjuncts:
                if _depth(token) > 1:
                    continue
                if not any(governs(frame, c, self.lex) for c in token.children):
                    continue
            rank = (_depth(token), frame.cue)
            if best is None or rank < best:
                best, chosen = rank, frame
        return chosen

    # --- from a frame to an Attribution ---

    def _recent(self, k: int) -> Recent:
        def recent(refs: frozenset[str], before: int) -> Candidate | None:
            speakers: list[Candidate] = []
            named: list[Candidate] = []
            for j in range(max(0, k - LOOK_BACK), k + 1):
                if self._segment_of[j] == self._segment_of[k]:
                    speakers += self._candidates.get(j, [])
                    named += self._entity_candidates(j)
            for pool in (speakers, named):  # earlier speakers first, then any named actor
                fitting = [c for c in pool if c.offset < before and c.refs & refs]
                if fitting:
                    return max(fitting, key=lambda c: c.offset)
            return None

        return recent

    def _entity_candidates(self, k: int) -> list[Candidate]:
        """The named persons and organisations of sentence ``k`` (found once per sentence)."""
        found = self._named.get(k)
        if found is not None:
            return found
        s = self.sentences[k]
        found = self._named[k] = []
        for i in range(s.first_token, s.end_token):
            m = self.speakers.token_mention[i]
            if m < 0 or (i > s.first_token and self.speakers.token_mention[i - 1] == m):
                continue
            entity, mention = self.speakers.mentions[m]
            if entity.type not in ("PERSON", "ORGANIZATION"):
                continue
            src = self.speakers.entity_source(m)
            found.append(Candidate(mention.start, src, (), refs_of(src, False)))
        return found

    def _ensure(self, k: int) -> None:
        """Resolve the frames of every sentence up to ``k``, in text order (linear overall)."""
        while self._done <= k:
            j = self._done
            self._done += 1
            self._resolved[j] = []
            self._candidates[j] = []
            for frame in self._sentence_cues(j).frames:
                self._resolved[j].append((frame, self._build(j, frame)))

    def _resolve(self, k: int, frame: CueFrame) -> Attribution:
        self._ensure(k)
        for done, attribution in self._resolved[k]:
            if done == frame:
                return attribution
        return self._build(k, frame)

    def _build(self, k: int, frame: CueFrame) -> Attribution:
        assert self.doc is not None
        sentence = self.sentences[k]
        recent = self._recent(k)
        certainty: Certainty = frame.certainty
        if frame.negated:
            certainty = self.lex.negated.get(certainty, certainty)
        speaker: Candidate | None = None
        if frame.speaker is not None:
            speaker = self.speakers.source(self.doc[frame.speaker], sentence, recent)
            if speaker is None and self.doc[frame.speaker].lower_ in self.lex.pronouns:
                # "he said" with no one to be "he": the publication reports it, unsure of whom
                return Attribution(source=self.publication, cue=frame.text, certainty=certainty)
        if speaker is None:
            first, end = frame.span
            if frame.speaker is not None and frame.speaker < frame.cue:
                first = min(first, self.speakers.phrase(self.doc[frame.speaker])[0])
            source = self.speakers.unnamed(self.speakers.token_span_mention(first, end, sentence))
            speaker = Candidate(self.doc[frame.cue].idx, source, (), refs_of(source, True))
        via: list[Source] = []
        for token in frame.recipients:
            got = self.speakers.recipient(self.doc[token], sentence, recent)
            if got is not None:
                via.append(got)
        source = speaker.source
        if frame.cited is not None:
            cited = self.speakers.source(self.doc[frame.cited], sentence, recent)
            if cited is not None:
                via.insert(0, source)
                source = cited.source
        if not via:
            via = list(speaker.via)
        attribution = self._chain(source, via, frame.text, certainty)
        if attribution.source.kind != "publication":
            self._candidates.setdefault(k, []).append(
                replace(speaker, source=attribution.source, via=attribution.via)
            )
        return attribution

    def _chain(
        self, source: Source, via: Sequence[Source], cue: str | None, certainty: Certainty
    ) -> Attribution:
        if self._is_publication(source):
            return Attribution(source=self.publication, cue=cue, certainty=certainty)
        chain: list[Source] = []
        for step in via:
            if step.kind == "publication" or self._is_publication(step):
                break
            if step.id != source.id and all(step.id != c.id for c in chain):
                chain.append(step)
        chain.append(self.publication)
        return Attribution(source=source, via=tuple(chain), cue=cue, certainty=certainty)

    def _is_publication(self, source: Source) -> bool:
        if source.kind == "publication":
            return True
        if not self._publisher_key:
            return False
        name = self._labels.get(source.label)
        if name is None:
            name = self._labels[source.label] = ids.normalise_name(source.label)
        return name == self._publisher_key

    # --- carry-over and hedges ---

    def _carry_over(self, k: int) -> Attribution | None:
        """A sentence inside a quotation is the quoted speaker's."""
        open_start, open_end = self._in_quote[k]
        if not (open_start or open_end):
            return None
        order: list[int] = []
        j = k
        while self._in_quote[j][1] and j + 1 < len(self.sentences) and len(order) < 3:
            j += 1
            if self._segment_of[j] != self._segment_of[k]:
                break
            order.append(j)
        j = k
        while self._in_quote[j][0] and j > 0 and len(order) < 6:
            j -= 1
            if self._segment_of[j] != self._segment_of[k]:
                break
            order.append(j)
        for j in order:
            main = self._main(j)
            if main is not None and main.kind == "verb":
                return self._resolve(j, main)
        return None

    def _hedge(self, text: str) -> tuple[bool, bool]:
        """(the text is hedged as unverified, the hedge refers back to earlier claims)."""
        found = self._hedges.get(text)
        if found is None:
            if self._unverified is not None:
                hedged = self._unverified.search(text) is not None
            else:
                hedged = any(p.search(text) for p in self.lex.unverified)
            found = hedged, hedged and bool(self.lex.back_reference.search(text))
            self._hedges[text] = found  # asked once per claim: the same sentences recur
        return found

    def _hedged(self, attribution: Attribution, text: str, k: int | None) -> Attribution:
        if attribution.certainty == "denied":
            return attribution  # a denial stays one, hedged or not
        hedged, back = self._hedge(text)
        is_default = attribution.source.kind == "publication" and attribution.cue is None
        unverified = hedged and not (is_default and back)
        follows = k is not None and k + 1 < len(self.sentences)
        if k is not None and follows and self._segment_of[k + 1] == self._segment_of[k]:
            unverified = unverified or self._hedge(self.sentences[k + 1].text)[1]
        if unverified:
            return replace(attribution, certainty="unverified")
        return attribution


def _through(attribution: Attribution, voice: Attribution) -> Attribution:
    """``attribution`` of a report made inside a post or comment: passed on by its author
    (``voice``); with no speaker of its own, the author's."""
    if attribution.source.kind == "publication":
        return replace(voice, cue=attribution.cue, certainty=attribution.certainty)
    via = tuple(v for v in attribution.via if v.kind != "publication")
    return replace(attribution, via=(*via, voice.source, *voice.via))


def attribute(document: Document, sentence: Sentence, lexicons: Lexicons) -> Attribution:
    """Sentence-level attribution of one sentence of ``document`` (no parse: segments only)."""
    return Attributor(document, lexicons).attribute(sentence)
