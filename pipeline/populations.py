"""Who a passage is about: mentions of study species (patients, mice, rats, ...).

``species_mentions(text)`` lists every species cue with its offsets; extractors use the
nearest cue before a fact to tell a mouse toxicity study from the human trial on one page.
``study_cues(text)`` lists the stronger study-design cues ("seven LN patients", "lupus mouse
models", "rats were"). ``study_populations(doc)`` decides which populations a document reports
(primary first) and ``population_at(doc, populations, pos)`` says which of them a position in
``doc.study`` is about. The cue words are data (``vocab/species.csv``). Cell-source adjectives
("human umbilical cord MSCs", "murine MSCs") name where cells came from, not who received them,
and are skipped.

What does not belong here: turning populations into facts (``extract/species.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import attrgetter

import ahocorasick

from pipeline.alternation import alternatives, by_first_letter
from pipeline.model import CleanDocument, derive_once
from pipeline.numwords import NUMBER_PHRASE
from pipeline.prefilter import folded, holds_any, needles
from pipeline.sentences import Sentence, is_hypothetical, sentence_at, split_sentences
from pipeline.vocab import load_vocab

# "human umbilical cord MSCs", "murine mesenchymal stem cells", "mouse MSCs": a cell source
_TISSUE = (r"(?:umbilical|cord|blood|bone|marrow|adipose|fat|tissue|placental?|dental|pulp|menstrual|"
           r"amniotic|Wharton'?s|jelly|synovial|derived|[\w]+-derived|UC|BM|AD|hUC|hUCB)")
_CELL_NOUN = re.compile(
    rf"[\s\-]*(?:{_TISSUE}[\s\-]+){{0,4}}"
    r"(?:MSCs?|mesenchymal|stromal|stem cells?|BMSCs?|ASCs?|[\w\-]*MSCs?)\b",
    re.I,
)
# where a word starts (an animal word inside a longer subject match is looked for there)
_WORD_START = re.compile(r"\b\w")
# sections whose statements are about other studies, not the one reported
_BACKGROUND_SECTIONS = frozenset({"background", "introduction"})
# a cue in the title counts this many times a cue in the body when choosing the primary population
_TITLE_WEIGHT = 3
# a study-design cue counts this many times a bare subject word
_STUDY_CUE_WEIGHT = 3
# how many recent study texts keep their scanned cues (extractors run one document at a time)
_TEXT_CACHE = 8


@dataclass(frozen=True, slots=True)
class SpeciesMention:
    start: int
    end: int
    species: str
    word: str
    kind: str = "subject"   # "subject" (a word) or "study" (a study-design cue)
    rank: int = 0           # position of the cue's vocabulary row: lower is stronger


@dataclass(frozen=True, slots=True)
class Population:
    """A study population of a document, with the offsets (in ``doc.study``) of its best cue."""

    species: str
    start: int
    end: int
    kind: str


@cache
def _pattern() -> re.Pattern[str]:
    """Every subject word of the vocabulary; the group a match ends with (``_species_by_group``)
    names its species."""
    latin, other = [], []
    for i, row in enumerate(load_vocab("species")):
        if row["kind"] != "subject":
            continue
        # CJK, Korean and Persian words attach particles and compounds: no word edges
        edge = r"\b" if row["pattern"][0].isascii() else ""
        for k, word in enumerate(alternatives(row["pattern"])):
            # an empty group closing each word tells which row matched
            tagged = f"{word}{edge}(?P<s{i}_{k}>)"
            if edge and word[0].isascii():
                latin.append(tagged)
            else:
                other.append(f"{edge}{tagged}")
    # a subject word starts with a letter, at a word start unless its row is in a non-Latin
    # script: the lookahead spares the engine trying every word at every other position. Latin
    # words are tried by first letter, words in other scripts (starting with a non-ASCII letter)
    # only where a non-ASCII character stands: words starting with different letters never
    # match at one place, so neither changes what matches
    return re.compile(rf"(?=\b\w|[^\x00-\x7f])(?:\b(?:{by_first_letter(latin)})"
                      rf"|(?=[^\x00-\x7f])(?:{'|'.join(other)}))", re.I)


@cache
def _species_by_group() -> dict[str, str]:
    return {f"s{i}_{k}": row["species"] for i, row in enumerate(load_vocab("species"))
            if row["kind"] == "subject" for k in range(len(alternatives(row["pattern"])))}


# species, pattern, the species' subject words (animal cues), needles (see ``_study_patterns``)
_StudyPattern = tuple[str, re.Pattern[str], re.Pattern[str] | None, ahocorasick.Automaton | None]


@cache
def _study_patterns() -> tuple[_StudyPattern, ...]:
    """(species, pattern, words, needles) per study cue, strongest first; ``animal`` rows expand
    per species, and ``words`` (the species' subject words) must occur for such a cue to match;
    a text without any of ``needles`` (see ``prefilter.needles``) holds no match either."""
    subjects = {row["species"]: row["pattern"] for row in load_vocab("species")
                if row["kind"] == "subject"}
    words = {species: re.compile(rf"\b(?:{pattern})\b", re.I) for species, pattern in subjects.items()}
    out = []
    for row in load_vocab("species"):
        if row["kind"] != "study":
            continue
        template = row["pattern"].replace("{number}", f"(?:{NUMBER_PHRASE})\\b")
        if row["species"] == "animal":
            for species, animal in words.items():
                if species != "human":
                    pattern = template.replace("{animal}", animal.pattern)
                    out.append((species, re.compile(pattern, re.I), animal, needles([pattern])))
        else:
            out.append((row["species"], re.compile(template, re.I), None, needles([template])))
    return tuple(out)


@cache
def _animal_words() -> dict[str, re.Pattern[str]]:
    """The subject words of each species with animal cues, by species."""
    return {species: words for species, _, words, _ in _study_patterns() if words}


@cache
def _any_animal_word() -> re.Pattern[str]:
    """Any species' subject words from ``_animal_words`` (all start with a letter)."""
    patterns = "|".join(words.pattern for words in _animal_words().values())
    return re.compile(rf"(?=\b\w)(?:{patterns})", re.I)


def _names_cell_source(text: str, end: int) -> bool:
    return bool(_CELL_NOUN.match(text[end:end + 60]))


def species_mentions(text: str) -> list[SpeciesMention]:
    """Species cues in ``text`` (case-sensitive for strain names, so "NOD" is not "nod")."""
    return list(_species_mentions(text))


# every extractor asks about the same study text: scan it once
@lru_cache(maxsize=_TEXT_CACHE)
def _subject_matches(text: str) -> tuple[re.Match[str], ...]:
    """Every match of the subject-word pattern, cell-source adjectives included."""
    return tuple(_pattern().finditer(text))


@lru_cache(maxsize=_TEXT_CACHE)
def _species_mentions(text: str) -> tuple[SpeciesMention, ...]:
    groups = _species_by_group()
    # a species word followed by a cell noun names where the cells came from: skipped
    return tuple(SpeciesMention(m.start(), m.end(), groups[m.lastgroup], m.group(0))
                 for m in _subject_matches(text) if not _names_cell_source(text, m.end()))


def study_cues(text: str) -> list[SpeciesMention]:
    """Study-design cues in ``text`` ("60 OA patients", "BALB/c mouse model"), by position."""
    return list(_study_cues(text))


@lru_cache(maxsize=_TEXT_CACHE)
def _study_cues(text: str) -> tuple[SpeciesMention, ...]:
    out = []
    # most pages name one or two species, and most no animal: an animal cue is only looked
    # for when the species' subject words occur at all
    named = _animals_named(text)
    lower = folded(text)
    for rank, (species, pattern, words, required) in enumerate(_study_patterns()):
        if words is not None and species not in named or not holds_any(lower, required):
            continue
        # a cue that opens with the subject words can only start where they occur
        if words is not None and pattern.pattern.startswith(words.pattern):
            matches = _matches_from(pattern, text, named[species])
        else:
            matches = pattern.finditer(text)
        for m in matches:
            if not _names_cell_source(text, m.end()):
                out.append(SpeciesMention(m.start(), m.end(), species, m.group(0), "study", rank))
    return tuple(sorted(out, key=lambda c: (c.start, c.rank)))


def _matches_from(pattern: re.Pattern[str], text: str,
                  starts: list[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds when every match starts at one of ``starts`` (in
    order) and none is empty."""
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match


def _animals_named(text: str) -> dict[str, list[int]]:
    """Where the subject words of each species with animal cues occur in ``text`` (species
    whose words do not occur are left out).

    The subject-word pattern holds these words and is tried at every word start, so each
    occurrence starts at or inside one of its matches (which the species scan has found
    already): only the word starts there need a look, not the whole text.
    """
    named: dict[str, list[int]] = {}
    for match in _subject_matches(text):
        for word in _WORD_START.finditer(text, match.start(), match.end()):
            if _any_animal_word().match(text, word.start()):
                for species, words in _animal_words().items():
                    if words.match(text, word.start()):
                        named.setdefault(species, []).append(word.start())
    return named


def species_before(mentions: list[SpeciesMention], pos: int, floor: int = 0) -> str | None:
    """Species of the nearest mention before ``pos`` and at or after ``floor`` (``mentions`` in
    text order, as ``species_mentions`` lists them)."""
    i = bisect_left(mentions, pos, key=attrgetter("start")) - 1
    return mentions[i].species if i >= 0 and mentions[i].start >= floor else None


def study_populations(doc: CleanDocument) -> list[Population]:
    """The populations ``doc`` reports on, primary first (decided once per document).

    The primary population is the species with the most cue weight (study-design cues count
    more than bare subject words, title cues more than body cues; ties go to the earliest
    cue). Any other species is a population only when a study-design cue names it outside a
    sentence about earlier or cited work: a keyword "mice" or "animal models" without a
    species adds nothing. Cues in hypothetical sentences
    or background sections (other studies) never count.
    """
    return list(derive_once(doc, "study_populations", lambda: _study_populations(doc)))


def _study_populations(doc: CleanDocument) -> tuple[Population, ...]:
    text = doc.study.text
    sentences = split_sentences(text)
    background = [(s.start, s.end) for s in doc.sections if s.name.lower() in _BACKGROUND_SECTIONS]
    subjects = [m for m in species_mentions(text) if _counts(doc, sentences, background, m)]
    cues = [c for c in study_cues(text) if _counts(doc, sentences, background, c)]
    if not subjects and not cues:
        return ()
    title = _title_range(doc)
    score: dict[str, int] = defaultdict(int)
    first_seen: dict[str, int] = {}
    for m in subjects + cues:
        weight = _STUDY_CUE_WEIGHT if m.kind == "study" else 1
        in_title = title[0] <= m.start < title[1]
        score[m.species] += weight * (_TITLE_WEIGHT if in_title else 1)
        first_seen[m.species] = min(first_seen.get(m.species, m.start), m.start)
    primary = max(score, key=lambda sp: (score[sp], -first_seen[sp]))
    others = list(dict.fromkeys(c.species for c in cues
                                if c.species != primary and not _other_work(sentences, c.start)))
    return tuple(_population(sp, cues, subjects, title) for sp in [primary, *others])


def population_at(doc: CleanDocument, populations: list[Population], pos: int) -> str | None:
    """Species of the population that position ``pos`` of ``doc.study`` is about.

    A cue in the same sentence decides (study-design cues before subject words, then the
    nearest); otherwise the nearest cue before ``pos``; otherwise the primary population.
    """
    if not populations:
        return None
    species = frozenset(p.species for p in populations)
    if len(species) == 1:
        return populations[0].species
    text = doc.study.text
    mentions = derive_once(doc, ("population_cues", species), lambda: _cues_of(text, species))
    sentence = sentence_at(split_sentences(text), pos)
    if sentence is not None:
        inside = mentions[bisect_left(mentions, sentence.start, key=attrgetter("start")):
                          bisect_left(mentions, sentence.end, key=attrgetter("start"))]
        if inside:
            return min(inside, key=lambda m: (m.kind != "study", abs(m.start - pos))).species
    return species_before(mentions, pos) or populations[0].species


def _cues_of(text: str, species: frozenset[str]) -> list[SpeciesMention]:
    """Subject words and study cues of ``species`` in ``text``, in text order."""
    return sorted((m for m in species_mentions(text) + study_cues(text) if m.species in species),
                  key=attrgetter("start"))


def _population(species: str, cues: list[SpeciesMention], subjects: list[SpeciesMention],
                title: tuple[int, int]) -> Population:
    """The population with its strongest cue: a study cue by vocabulary rank, else a subject word
    (in the title first)."""
    own_cues = [c for c in cues if c.species == species]
    if own_cues:
        best = min(own_cues, key=lambda c: (c.rank, c.start))
    else:
        best = min((m for m in subjects if m.species == species),
                   key=lambda m: (not title[0] <= m.start < title[1], m.start))
    return Population(species, best.start, best.end, best.kind)


@cache
def _other_work_pattern() -> re.Pattern[str]:
    words = "|".join(row["pattern"] for row in load_vocab("species") if row["kind"] == "other_work")
    return re.compile(rf"(?:{words})", re.I)


def _other_work(sentences: list[Sentence], pos: int) -> bool:
    """True when the sentence at ``pos`` reports earlier or cited work."""
    sentence = sentence_at(sentences, pos)
    return sentence is not None and bool(_other_work_pattern().search(sentence.text))


def _counts(doc: CleanDocument, sentences: list[Sentence], background: list[tuple[int, int]],
            mention: SpeciesMention) -> bool:
    """False for a mention in a hypothetical sentence or in a ``background`` section (raw
    offsets)."""
    sentence = sentence_at(sentences, mention.start)
    if sentence is not None and is_hypothetical(sentence.text):
        return False
    raw = doc.study.starts[mention.start]
    return not any(start <= raw < end for start, end in background)


def title_in_study(doc: CleanDocument) -> tuple[int, int] | None:
    """Offsets in ``doc.study`` of ``doc.title_span``; None without a title or when no part of
    it is in the study text (worked out once per document)."""
    if doc.title_span is None:
        return None
    return derive_once(doc, "title_in_study", lambda: doc.study.span_from_raw(*doc.title_span))


def _title_range(doc: CleanDocument) -> tuple[int, int]:
    """Offsets of the title in ``doc.study``: from ``doc.title_span`` when set, else the first line."""
    text = doc.study.text
    if doc.title_span is not None:
        return title_in_study(doc) or (0, 0)
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, end if end >= 0 else len(text)
