"""Enrolment counts: ``n_enrolled``, ``n_cell_treated`` and ``n_control`` per study population.

Belongs here: reading how many subjects a study enrolled, how many received cells and how
many were in control or placebo arms, from statements ("Fifty-three participants ... were
enrolled", "N=6 Patienten", "control group (n = 26)"), registry form fields ("Study
Participants 200"), group bookkeeping ("13 patients were included (8: group 1; 5: group 2)",
"randomly divided into three groups (n=5 in each)") and, for ``n_cell_treated`` only,
single-arm designs. Does not belong here: doses, numbers of administrations, subgroups,
analysis populations or adverse-event counts (other extractors or none).

Choosing one value per field and population: candidates are ranked by rule strength (see
``_RANK``), then by position (earliest first, because methods and results state the total
before the subgroups). ``n_cell_treated`` equals ``n_enrolled`` only when a sentence says the
enrolled subjects received cells, or the design is single-arm / non-controlled /
dose-escalation with no control or placebo arm and the enrolment is not a plan.
The words come from ``vocab/enrolment.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.study_context import NUMBER, population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.numwords import to_int
from pipeline.populations import species_mentions
from pipeline.sentences import Sentence, is_hypothetical, split_sentences
from pipeline.vocab import load_vocab


def _terms(kind: str) -> str:
    return "|".join(row["pattern"] for row in load_vocab("enrolment") if row["kind"] == kind)


_WORD = r"(?<![\w-])(?:{})(?![\w-])"
SUBJECT = _WORD.format(_terms("subject"))
ENROL = re.compile(_WORD.format(_terms("enrol")), re.I)
TREAT = re.compile(_WORD.format(_terms("treat")), re.I)
TREAT_CELLS = re.compile(_WORD.format(_terms("treat_cells")), re.I)
PLANNED = re.compile(_WORD.format(_terms("planned")), re.I)
ANALYSIS = re.compile(_WORD.format(_terms("analysis")), re.I)
SINGLE_ARM = re.compile(_WORD.format(_terms("single_arm")), re.I)
CONTROL_ARM = re.compile(_WORD.format(_terms("control_arm")), re.I)
CELL = re.compile(_WORD.format(_terms("cell")), re.I)
# the value may sit after a colon, a dash or a table bar ("Actual Enrollment : | 60 participants |")
REGISTRY_FIELD = re.compile(
    rf"(?:^|\n)[\s•*-]*(?P<field>{_terms('registry_field')})\s*(?:\([^)\n]*\))?\s*(?:[:\-|]\s*){{0,2}}"
    rf"(?P<n>\d[\d,]*)\b",
    re.I,
)
# a field listing its arms ("Target sample size: Experimental group:30;control group:30;")
REGISTRY_ARMS = re.compile(
    rf"(?:^|\n)[\s•*-]*(?P<field>{_terms('registry_field')})\s*[:：]\s*"
    r"(?P<arms>(?:[^:：;；\n\d]{1,40}[:：]\s*\d+\s*[;；,]?\s*){2,})",
    re.I,
)
_ARM_SIZE = re.compile(r"[:：]\s*(\d+)")

# up to four modifier words between a number and its noun ("seven LN patients",
# "20 cisgender individuals"); function words end the phrase so a number never reaches
# across a clause to an unrelated noun
_MODIFIERS = (r"(?:(?!(?:of|in|on|with|from|were|was|and|or|to|for|per|at|by|the|than|had|have|"
              r"who|whom|mit|und|et)\b)[A-Za-z][\w'’-]*\s+){0,4}?")
COUNT_NOUN = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:{_MODIFIERS}and\s+(?P<n2>{NUMBER})\s+)?{_MODIFIERS}(?P<noun>{SUBJECT})",
    re.I,
)
# "(MSC-treated group)", "(control group)" right after the counted noun
GROUP_NOTE = re.compile(r"\s*\((?P<label>[^()]{0,40}?\b(?:group|arm|cohort))\)", re.I)
# a count standing alone before its verb ("... and 30 were enrolled"): the verb is its own
BARE_COUNT = re.compile(rf"{NUMBER}\s+(?:were|was|had been)\b", re.I)
BARE_ENROLLED = re.compile(rf"(?P<n>{NUMBER})\s+(?:were|was|had been)\s+(?:subsequently\s+|finally\s+)?(?P<verb>{ENROL.pattern})", re.I)
ENROLLED_BEFORE = re.compile(rf"(?:{ENROL.pattern})\s+(?:a total of\s+)?$", re.I)

EQUAL_GROUPS = re.compile(
    rf"(?:divided|allocated|assigned|randomi[sz]ed|split)\s+(?:in)?to\s+(?P<g>{NUMBER})\s+groups\s*"
    rf"\(\s*n\s*=\s*(?P<n>\d+)\s*(?:in each|each|per group|in each group)?\s*\)",
    re.I,
)
GROUP_NAME = re.compile(r"[\w\s-]{1,40}?\s+(?:group|arm)\b", re.I)

# "(group 1)", "group A": a label defined by what its members received
GROUP_LABEL = re.compile(r"\bgroups?\s+(?P<label>\d|[A-D]|I{1,3}|IV)\b")
GROUP_COUNT = re.compile(
    r"(?P<n>\d+)\s*(?::|in|=)\s*groups?\s+(?P<label>\d|[A-D]|I{1,3}|IV)\b"
    r"|\bgroups?\s+(?P<label2>\d|[A-D]|I{1,3}|IV)\s*\(\s*n\s*=\s*(?P<n2>\d+)\s*\)"
)
# "control group (n = 26)", "randomized to MSCs (n = 32) or placebo (n = 32)"
NAMED_ARM_COUNT = re.compile(
    r"(?P<name>[\w-]+(?:\s+[\w-]+){0,2})\s*(?:group|arm)?\s*\(\s*n\s*=\s*(?P<n>\d+)\s*\)", re.I)

_RANK = {
    "counts.enrolled_statement": 0,
    "counts.treated_statement": 0,
    "counts.registry_field": 1,
    "counts.group_label": 1,
    "counts.named_arm": 1,
    "counts.equal_groups": 2,
    "counts.single_arm_design": 3,
    "counts.treated_as_enrolled": 4,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    field: str
    value: int
    start: int
    end: int
    rule: str
    population: str | None
    planned: bool = False


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    sentences = [s for s in split_sentences(text) if not is_hypothetical(s.text)]
    mentions = species_mentions(text)
    candidates: list[_Candidate] = []
    for sentence in sentences:
        candidates += _statements(sentence, mentions)
        candidates += _equal_groups(sentence, mentions)
        candidates += _named_arms(sentence, mentions)
    candidates += _registry_fields(text)
    candidates += _labelled_groups(sentences, mentions)
    if any(CONTROL_ARM.search(s.text) for s in sentences):
        # with a comparison arm, the treated count is not the enrolled count
        candidates = [c for c in candidates if c.rule != "counts.treated_as_enrolled"]
    elif any(SINGLE_ARM.search(s.text) for s in sentences):
        candidates += _single_arm(candidates)
    return [fact_at(doc, doc.study, c.start, c.end, c.field, c.value, c.rule,
                    population=c.population) for c in _best(candidates)]


def _statements(sentence: Sentence, mentions) -> list[_Candidate]:
    """"N <subjects> ... enrolled / received <cells>", "enrolled N <subjects>"."""
    out = []
    s = sentence.text
    if re.search(SUBJECT, s, re.I):
        for m in BARE_ENROLLED.finditer(s):
            n = to_int(m.group("n"))
            if n:
                start = sentence.start + m.start()
                out.append(_Candidate("n_enrolled", n, start, sentence.start + m.end(),
                                      "counts.enrolled_statement", population_of(mentions, sentence, start),
                                      bool(PLANNED.search(s))))
    for m in COUNT_NOUN.finditer(s):
        n = to_int(m.group("n"))
        if m.group("n2"):
            n2 = to_int(m.group("n2"))
            n = n + n2 if n is not None and n2 is not None else None
        if not n or n > 100_000:
            continue
        nxt = COUNT_NOUN.search(s, m.end())
        tail = _mask_parentheses(s[m.end():nxt.start() if nxt else len(s)])[:200]
        start, end = sentence.start + m.start(), sentence.start + m.end()
        population = population_of(mentions, sentence, start + m.start("noun") - m.start())
        planned = bool(PLANNED.search(tail[:60]))
        enrol = ENROL.search(tail)
        enrol_before = ENROLLED_BEFORE.search(s[:m.start()])
        if enrol_before:
            out.append(_Candidate("n_enrolled", n, sentence.start + enrol_before.start(), end,
                                  "counts.enrolled_statement", population, planned))
        elif (enrol and not ANALYSIS.search(_verb_clause(tail, enrol.end()))
              and not BARE_COUNT.search(tail[:enrol.start()])):
            out.append(_Candidate("n_enrolled", n, start, end + enrol.end(),
                                  "counts.enrolled_statement", population, planned))
        note = GROUP_NOTE.match(s, m.end())
        treat = TREAT.search(tail)
        cell_object = treat and (CELL.search(tail[:treat.end() + 80]) or TREAT_CELLS.fullmatch(treat.group(0)))
        if note and CELL.search(note.group("label")) and not CONTROL_ARM.search(note.group("label")):
            cell_object = True
        if treat and cell_object and not planned and not ANALYSIS.search(tail[:treat.start()]):
            out.append(_Candidate("n_cell_treated", n, start, end + treat.end(),
                                  "counts.treated_statement", population))
            if not enrol:
                out.append(_Candidate("n_enrolled", n, start, end + treat.end(),
                                      "counts.treated_as_enrolled", population))
    return out


def _verb_clause(tail: str, verb_end: int) -> str:
    """The tail up to the verb and on to the next punctuation: "were included in the safety
    analysis" is an analysis population, "Of the 40 patients enrolled, 36 completed" is not."""
    return tail[:verb_end] + re.split(r"[,;.]", tail[verb_end:], maxsplit=1)[0]


def _mask_parentheses(text: str) -> str:
    """``text`` with parenthesized asides blanked (same length, so offsets still hold)."""
    return re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)


def _registry_fields(text: str) -> list[_Candidate]:
    """"Study Participants 200", "Enrollment: 40" (planned or actual: never implies treated);
    a field that lists its arms counts their sum."""
    out = []
    for m in REGISTRY_ARMS.finditer(text):
        total = sum(int(n) for n in _ARM_SIZE.findall(m.group("arms")))
        if total:
            out.append(_Candidate("n_enrolled", total, m.start("field"), m.end("arms"),
                                  "counts.registry_field", "human", planned=True))
    for m in REGISTRY_FIELD.finditer(text):
        n = to_int(m.group("n").replace(",", ""))
        if n:
            # registry forms exist for human clinical trials only
            out.append(_Candidate("n_enrolled", n, m.start("field"), m.end(),
                                  "counts.registry_field", "human", planned=True))
    return out


def _equal_groups(sentence: Sentence, mentions) -> list[_Candidate]:
    """"randomly divided into three groups (n=5 in each): control, model and MSC group"."""
    m = EQUAL_GROUPS.search(sentence.text)
    if not m:
        return []
    groups, per_group = to_int(m.group("g")), int(m.group("n"))
    if not groups:
        return []
    start, end = sentence.start + m.start(), sentence.start + m.end()
    population = population_of(mentions, sentence, start)
    out = [_Candidate("n_enrolled", groups * per_group, start, end, "counts.equal_groups", population)]
    names = [g.group(0) for g in GROUP_NAME.finditer(sentence.text, m.end())]
    cell_groups = sum(1 for name in names if CELL.search(name))
    control_groups = sum(1 for name in names if CONTROL_ARM.search(name))
    if cell_groups:
        out.append(_Candidate("n_cell_treated", cell_groups * per_group, start, end,
                              "counts.equal_groups", population))
    if control_groups:
        out.append(_Candidate("n_control", control_groups * per_group, start, end,
                              "counts.equal_groups", population))
    return out


def _named_arms(sentence: Sentence, mentions) -> list[_Candidate]:
    """"control group (n = 26)", "MSC group (n=20)", "MSCs (n = 32) or placebo (n = 32)"."""
    out = []
    for m in NAMED_ARM_COUNT.finditer(sentence.text):
        arm = m.group(0)
        field = ("n_control" if CONTROL_ARM.search(arm)
                 else "n_cell_treated" if CELL.search(m.group("name")) else None)
        if field:
            start, end = sentence.start + m.start(), sentence.start + m.end()
            out.append(_Candidate(field, int(m.group("n")), start, end, "counts.named_arm",
                                  population_of(mentions, sentence, start)))
    return out


def _labelled_groups(sentences: list[Sentence], mentions) -> list[_Candidate]:
    """Groups defined by label ("received ASCs ... (group 1) ... controls (group 2)") and
    counted by label elsewhere ("8: group 1; 5: group 2")."""
    roles: dict[str, str] = {}
    counts: list[tuple[str, int, int, int, Sentence]] = []
    for sentence in sentences:
        s = sentence.text
        counted = set()
        for m in GROUP_COUNT.finditer(s):
            label = m.group("label") or m.group("label2")
            n = int(m.group("n") or m.group("n2"))
            counts.append((label, n, sentence.start + m.start(), sentence.start + m.end(), sentence))
            counted.add(m.start("label") if m.group("label") else m.start("label2"))
        previous_end = 0
        for m in GROUP_LABEL.finditer(s):
            if m.start("label") in counted:
                previous_end = m.end()
                continue
            before = s[previous_end:m.start()]
            if CONTROL_ARM.search(before):
                roles.setdefault(m.group("label"), "n_control")
            elif CELL.search(before):
                roles.setdefault(m.group("label"), "n_cell_treated")
            previous_end = m.end()
    totals: dict[str, list] = {}
    for label, n, start, end, sentence in counts:
        field = roles.get(label)
        if field:
            entry = totals.setdefault(field, [0, start, end, sentence])
            entry[0] += n
            entry[1], entry[2] = min(entry[1], start), max(entry[2], end)
    return [_Candidate(field, n, start, end, "counts.group_label",
                       population_of(mentions, sentence, start))
            for field, (n, start, end, sentence) in totals.items()]


def _single_arm(candidates: list[_Candidate]) -> list[_Candidate]:
    """``n_cell_treated = n_enrolled`` for a single-arm design, unless enrolment is a plan."""
    return [_Candidate("n_cell_treated", c.value, c.start, c.end, "counts.single_arm_design",
                       c.population)
            for c in _best([c for c in candidates if c.field == "n_enrolled"]) if not c.planned]


def _best(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per (field, population): strongest rule, then earliest."""
    best: dict[tuple[str, str | None], _Candidate] = {}
    for c in sorted(candidates, key=lambda c: (_RANK[c.rule], c.start)):
        best.setdefault((c.field, c.population), c)
    return list(best.values())
