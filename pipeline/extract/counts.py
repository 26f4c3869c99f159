"""Enrolment counts: ``n_enrolled``, ``n_cell_treated`` and ``n_control`` per study population.

Belongs here: reading how many subjects a study enrolled, how many received cells and how
many were in control or placebo arms, from statements ("Fifty-three participants ... were
enrolled", "N=6 Patienten", "control group (n = 26)"), registry form fields ("Study
Participants 200"), group bookkeeping ("13 patients were included (8: group 1; 5: group 2)",
"randomly divided into three groups (n=5 in each)"), totals and arm lists with no enrolment
verb ("A total of 87 patients", "62 patients in the SMT group and 81 patients in the MSC
group"), a case report's one subject ("A 29-year-old man ..."), counts written with a CJK
counter ("36只", "환자 10명", "8人の患者") and, for ``n_cell_treated`` only, single-arm designs.
With no enrolment stated, a treated and a control arm add up to it. Does not belong here: doses, numbers of administrations, subgroups,
analysis populations or adverse-event counts (other extractors or none).

Choosing one value per field and population: candidates are ranked by rule strength (see
``_RANK``), then by position (earliest first, because methods and results state the total
before the subgroups). ``n_cell_treated`` equals ``n_enrolled`` only when a sentence says the
enrolled subjects received cells, a registry field sizes the experimental arm, or the design is
single-arm / non-controlled / dose-escalation, or no arm is compared and nobody left the study
(with cells given and the enrolment not a plan).
The words come from ``vocab/enrolment.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.study_context import NUMBER, population_of
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.numwords import to_int
from pipeline.populations import species_mentions
from pipeline.prefilter import WordGroups, folded, holds_any, needles
from pipeline.sentences import Sentence, is_hypothetical, split_sentences
from pipeline.vocab import load_vocab


def _terms(kind: str) -> str:
    return "|".join(row["pattern"] for row in load_vocab("enrolment") if row["kind"] == kind)


_WORD = r"(?<![\w-])(?:{})(?![\w-])"
SUBJECT = _WORD.format(_terms("subject"))
SUBJECT_WORD = re.compile(SUBJECT, re.I)
ENROL = re.compile(_WORD.format(_terms("enrol")), re.I)
TREAT = re.compile(_WORD.format(_terms("treat")), re.I)
TREAT_CELLS = re.compile(_WORD.format(_terms("treat_cells")), re.I)
PLANNED = re.compile(_WORD.format(_terms("planned")), re.I)
ANALYSIS = re.compile(_WORD.format(_terms("analysis")), re.I)
# attrition: subjects who left, so a total they make is not the enrolment
ATTRITION = re.compile(r"\b(?:withdr[ae]w\w*|lost to follow-up|dropped out|excluded|died)\b", re.I)
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
_ARM = re.compile(r"(?P<name>[^:：;；\n\d]{1,40})[:：]\s*(?P<n>\d+)")
# the arm of a registry record that receives the investigational product
EXPERIMENTAL_ARM = re.compile(r"\b(?:experimental|intervention|treatment|test)\s+(?:group|arm)\b", re.I)

# up to four modifier words between a number and its noun ("seven LN patients",
# "20 cisgender individuals"); function words end the phrase so a number never reaches
# across a clause to an unrelated noun
_MODIFIERS = (r"(?:(?!(?:of|in|on|with|from|were|was|and|or|to|for|per|at|by|the|than|had|have|"
              r"who|whom|mit|und|et)\b)[A-Za-z][\w'’-]*\s+){0,4}?")
ANY_NUMBER = re.compile(NUMBER, re.I)
COUNT_NOUN = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:{_MODIFIERS}and\s+(?P<n2>{NUMBER})\s+)?{_MODIFIERS}(?P<noun>{SUBJECT})",
    re.I,
)
# "(MSC-treated group)", "(control group)" right after the counted noun
GROUP_NOTE = re.compile(r"\s*\((?P<label>[^()]{0,40}?\b(?:group|arm|cohort))\)", re.I)
# a count standing alone before its verb ("... and 30 were enrolled"): the verb is its own
BARE_COUNT = re.compile(rf"{NUMBER}\s+(?:were|was|had been)\b", re.I)
BARE_ENROLLED = re.compile(rf"(?P<n>{NUMBER})\s+(?:were|was|had been)\s+(?:subsequently\s+|finally\s+)?(?P<verb>{ENROL.pattern})", re.I)
# "...; 20 received MSCs": a count standing alone before a treatment verb is its own subject
BARE_TREATED = re.compile(
    rf"(?P<n>{NUMBER})\s+(?:(?:of them|of whom|of these)\s+)?(?:then\s+)?(?P<verb>{TREAT.pattern})", re.I)
ENDS_WITH_COUNT = re.compile(rf"{NUMBER}\s+(?:(?:of them|of whom|of these)\s+)?(?:then\s+)?$", re.I)
ENROLLED_BEFORE = re.compile(
    rf"(?:{ENROL.pattern})\s+(?:a total of\s+|(?:approximately|about|around|up to|some)\s+)?$", re.I)
CLAUSE_BREAK = re.compile(r"[,;:]")
FINITE_VERB = re.compile(r"\b(?:is|are|was|were|had|has|have|received|underwent|got)\b", re.I)
# two counted groups joined by "and" with no verb between ("8 lame dogs ... and 5 sound dogs")
AND_JOIN = re.compile(r"[^.;:()]{0,60}?\band\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?", re.I)
# "A total of 87 patients ... were collected": the total a study reports is its enrolment
TOTAL_OF = re.compile(r"\b(?:a\s+)?total\s+of\s+$", re.I)
# "62 patients in the group receiving SMT and 81 patients in the group receiving MSC"
IN_ARM = re.compile(r"\s*(?:were\s+)?(?:in|into|to)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:group|arm|cohort)\b", re.I)
# the subject of a case report: "A 29-year-old man", "a 10-year-old neutered male Ragdoll cat"
CASE_SUBJECT = re.compile(
    r"\b[Aa]n?\s+\d{1,3}[\s-]*(?:year|month|week)s?[\s-]*old\s+(?:[\w-]+\s+){0,4}?"
    r"(?:man|woman|boy|girl|male|female|patient|child|infant|cat|dog|horse|mare|gelding)\b")
CASE_REPORT = re.compile(
    r"\bcase\s+(?:report|presentation|description)"
    r"|\bwe\s+(?:report|describe|present)(?:ed)?\s+(?:on\s+)?(?:a|an|the)\s+(?:case\b|\d{1,3}[\s-]*(?:year|month))",
    re.I)
# Chinese, Japanese and Korean count subjects with a counter after the number ("36只", "환자 10명")
CJK_COUNT = re.compile(rf"(?<![\d.,×^])(?P<n>\d{{1,5}})\s*(?:{_terms('cjk_counter')})")
CJK_ADMINISTER = re.compile(_terms("cjk_administer"))
CJK_PER_GROUP = re.compile(rf"(?:{_terms('cjk_per_group')})\s*$")
CJK_CELL_GROUP = re.compile(_terms("cjk_cell_group"))
CJK_CONTROL_GROUP = re.compile(_terms("cjk_control_group"))
# "随机分为A组、B组和对照组(每组12只)": named groups, then the size of each
CJK_EQUAL_GROUPS = re.compile(
    rf"分为(?P<names>[^，,。；;（(]{{2,80}}?)[，,（(]\s*(?:{_terms('cjk_per_group')})\s*(?P<n>\d{{1,4}})\s*(?:{_terms('cjk_counter')})")
CJK_GROUP_SEPARATOR = re.compile(r"[、和及与]")
# between two counts of one list: a separator and a short noun phrase, no verb
CJK_LIST_GAP = re.compile(r"\s*[,，、및和及与]\s*[^\d,，。;；\s]{0,12}\s*[^\d,，。;；]{0,6}")
# scripts whose words carry no spaces: the counter rule applies to sentences written in them
CJK_TEXT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")

# a group size "(n = 5 ...)", which both rules below need
N_EQUALS = re.compile(r"\(\s*n\s*=", re.I)
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
# the size that ends every ``NAMED_ARM_COUNT`` match
ARM_SIZE = re.compile(r"\(\s*n\s*=\s*\d+\s*\)", re.I)

# Literal prefilters (pipeline/prefilter.py): most sentences hold none of the words a pattern
# needs, and finding those words is far cheaper than scanning with the pattern. One pass over
# a sentence names the patterns whose words it holds.
_SENTENCE_WORDS = WordGroups({
    "subject": [_terms("subject")],
    "enrol": [_terms("enrol")],
    "treat": [_terms("treat")],
    "planned": [_terms("planned")],
    "control_arm": [_terms("control_arm")],
    "single_arm": [_terms("single_arm")],
    "were": ["were|was|had been"],  # BARE_ENROLLED
    "total": ["total"],  # TOTAL_OF
})
# both registry patterns name the field
_REGISTRY_FIELD_WORDS = needles([_terms("registry_field")])
# every ``CASE_REPORT`` match holds its noun or verb
_CASE_REPORT_WORDS = needles(["report|present|descri"])

_RANK = {
    "counts.enrolled_statement": 0,
    "counts.treated_statement": 0,
    "counts.registry_field": 1,
    "counts.group_label": 1,
    "counts.named_arm": 1,
    "counts.arm_sum": 1,
    "counts.total_of": 2,
    "counts.equal_groups": 2,
    "counts.cjk_counter": 2,
    "counts.single_arm_design": 3,
    "counts.case_report": 3,
    "counts.no_control_arm": 4,
    "counts.arms_total": 4,
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
    helds = [_SENTENCE_WORDS.held(folded(s.text)) for s in sentences]
    mentions = species_mentions(text)
    cjk_page = bool(CJK_TEXT.search(text))
    candidates: list[_Candidate] = []
    for sentence, held in zip(sentences, helds):
        count_from = _first_number(sentence.text, held)
        count_nouns = []
        if count_from is not None:
            count_nouns = list(COUNT_NOUN.finditer(sentence.text, count_from))
            candidates += _statements(sentence, held, count_nouns, count_from, mentions)
        # every equal-groups and named-arm rule has "(n ="
        if "=" in sentence.text and N_EQUALS.search(sentence.text):
            candidates += _equal_groups(sentence, mentions)
            candidates += _named_arms(sentence, mentions)
        if len(count_nouns) > 1:  # an arm sum adds up two counts or more
            candidates += _arm_sum(sentence, count_nouns, mentions)
        if cjk_page and CJK_TEXT.search(sentence.text):
            candidates += _cjk_counts(sentence, mentions)
    lower_text = folded(text)
    if holds_any(lower_text, _REGISTRY_FIELD_WORDS):
        candidates += _registry_fields(text)
    if holds_any(lower_text, _CASE_REPORT_WORDS):
        candidates += _case_report(text, sentences, mentions)
    candidates += _labelled_groups(sentences, mentions)
    if any("control_arm" in held and CONTROL_ARM.search(s.text) for s, held in zip(sentences, helds)):
        # with a comparison arm, the treated count is not the enrolled count
        candidates = [c for c in candidates if c.rule != "counts.treated_as_enrolled"]
    elif any("single_arm" in held and SINGLE_ARM.search(s.text) for s, held in zip(sentences, helds)):
        candidates += _single_arm(candidates)
    elif any("treat" in held and TREAT.search(s.text) and CELL.search(s.text)
             for s, held in zip(sentences, helds)) and not ATTRITION.search(text):
        # no comparison arm, cells given and nobody left: every enrolled subject was treated
        candidates += _single_arm(candidates, "counts.no_control_arm")
    candidates += _arms_total(candidates)
    return [fact_at(doc, doc.study, c.start, c.end, c.field, c.value, c.rule,
                    population=c.population) for c in _best(candidates)]


def _first_number(s: str, held: set[str]) -> int | None:
    """Where the first number of sentence ``s`` starts (``held``: the ``_SENTENCE_WORDS``
    groups it holds), or None when it names no subject or holds no number: every statement
    needs both, and its rules start scanning there. Most sentences fail the literal test; the
    number scan is the cheaper of the two regex scans, so it comes first."""
    if "subject" not in held:
        return None
    number = ANY_NUMBER.search(s)
    return number.start() if number and SUBJECT_WORD.search(s) else None


def _statements(sentence: Sentence, held: set[str], count_nouns: list[re.Match[str]],
                count_from: int, mentions) -> list[_Candidate]:
    """"N <subjects> ... enrolled / received <cells>", "enrolled N <subjects>" (``held``: the
    ``_SENTENCE_WORDS`` groups of the sentence, so a pattern whose words it lacks is not tried
    on any part of it; ``count_nouns``: its ``COUNT_NOUN`` matches; ``count_from``: where its
    first number starts)."""
    out = []
    s = sentence.text
    for m in (BARE_ENROLLED.finditer(s, count_from) if {"were", "enrol"} <= held else ()):
        n = to_int(m.group("n"))
        if n:
            start = sentence.start + m.start()
            out.append(_Candidate("n_enrolled", n, start, sentence.start + m.end(),
                                  "counts.enrolled_statement", population_of(mentions, sentence, start),
                                  bool(PLANNED.search(s))))
    for m in (BARE_TREATED.finditer(s, count_from) if "treat" in held else ()):
        n = to_int(m.group("n"))
        tail = s[m.end():m.end() + 80]
        if n and (CELL.search(tail) or TREAT_CELLS.fullmatch(m.group("verb"))) \
                and not ("planned" in held and PLANNED.search(s[max(0, m.start() - 30):m.end()])):
            start = sentence.start + m.start()
            out.append(_Candidate("n_cell_treated", n, start, sentence.start + m.end(),
                                  "counts.treated_statement",
                                  population_of(mentions, sentence, start)))
    for i, m in enumerate(count_nouns):
        n = to_int(m.group("n"))
        if m.group("n2"):
            n2 = to_int(m.group("n2"))
            n = n + n2 if n is not None and n2 is not None else None
        if not n or n > 100_000:
            continue
        following = iter(count_nouns[i + 1:])
        nxt = next(following, None)
        gap = s[m.end():nxt.start()] if nxt else ""
        if (nxt and AND_JOIN.fullmatch(gap) and to_int(nxt.group("n")) and not IN_ARM.match(s, m.end())
                and not (FINITE_VERB.search(gap) or TREAT.search(gap) or ENROL.search(gap))):
            # "Eight lame dogs with hip OA and a control group of 5 sound dogs were used": the
            # verb after the second count applies to both
            n += to_int(nxt.group("n"))
            nxt = next(following, None)
        tail = _mask_parentheses(s[m.end():nxt.start() if nxt else len(s)])[:200]
        start, end = sentence.start + m.start(), sentence.start + m.end()
        population = population_of(mentions, sentence, start + m.start("noun") - m.start())
        # the tail is part of the sentence with asides blanked: it holds no word the sentence lacks
        planned = "planned" in held and bool(PLANNED.search(tail[:60]))
        enrol = "enrol" in held and ENROL.search(tail)
        enrol_before = "enrol" in held and ENROLLED_BEFORE.search(s[:m.start()])
        total_of = "total" in held and TOTAL_OF.search(s[:m.start()])
        if total_of and not ATTRITION.search(_verb_clause(tail, 0)):
            out.append(_Candidate("n_enrolled", n, sentence.start + total_of.start(), end,
                                  "counts.total_of", population, planned))
        if enrol_before:
            # "the comparison group included 12 patients": the clause counts the control arm
            clause = CLAUSE_BREAK.split(s[:enrol_before.start()])[-1]
            field = "n_control" if CONTROL_ARM.search(clause) else "n_enrolled"
            out.append(_Candidate(field, n, sentence.start + enrol_before.start(), end,
                                  "counts.enrolled_statement", population, planned))
        elif (enrol and not ANALYSIS.search(_verb_clause(tail, enrol.end()))
              and not BARE_COUNT.search(tail[:enrol.start()])):
            out.append(_Candidate("n_enrolled", n, start, end + enrol.end(),
                                  "counts.enrolled_statement", population, planned))
        note = GROUP_NOTE.match(s, m.end())
        treat = "treat" in held and TREAT.search(tail)
        cell_object = treat and (CELL.search(tail[:treat.end() + 80]) or TREAT_CELLS.fullmatch(treat.group(0)))
        if note and CELL.search(note.group("label")) and not CONTROL_ARM.search(note.group("label")):
            cell_object = True
        # the treatment verb belongs to this count unless another count is its subject
        # ("40 patients were enrolled; 20 received MSCs")
        own_verb = treat and not ENDS_WITH_COUNT.search(tail[:treat.start()])
        if own_verb and cell_object and not planned and not ANALYSIS.search(tail[:treat.start()]):
            out.append(_Candidate("n_cell_treated", n, start, end + treat.end(),
                                  "counts.treated_statement", population))
            if not enrol:
                out.append(_Candidate("n_enrolled", n, start, end + treat.end(),
                                      "counts.treated_as_enrolled", population))
    return out


def _arm_sum(sentence: Sentence, count_nouns: list[re.Match[str]], mentions) -> list[_Candidate]:
    """"There were 62 patients in the SMT group and 81 patients in the MSC group": two or more
    counts, each placed in an arm, add up to the enrolment."""
    s = sentence.text
    arms = [m for m in count_nouns if not m.group("n2") and IN_ARM.match(s, m.end())]
    values = [to_int(m.group("n")) for m in arms]
    if len(arms) < 2 or not all(values):
        return []
    start, end = sentence.start + arms[0].start(), sentence.start + arms[-1].end()
    return [_Candidate("n_enrolled", sum(values), start, end, "counts.arm_sum",
                       population_of(mentions, sentence, start))]


def _case_report(text: str, sentences: list[Sentence], mentions) -> list[_Candidate]:
    """A case report's one subject ("A 29-year-old man presented ..."): one enrolled, one
    treated. Only on a page that calls itself a case report."""
    if not CASE_REPORT.search(text):
        return []
    for sentence in sentences:
        m = CASE_SUBJECT.search(sentence.text)
        if m:
            start, end = sentence.start + m.start(), sentence.start + m.end()
            population = population_of(mentions, sentence, end - 1)
            return [_Candidate(field, 1, start, end, "counts.case_report", population)
                    for field in ("n_enrolled", "n_cell_treated")]
    return []


def _cjk_counts(sentence: Sentence, mentions) -> list[_Candidate]:
    """Counts written with a counter ("将36只小鼠随机分为...", "환자 10명에게 ... 주입"): the
    sentence's first count that is not a group size is the enrolment, and also the treated
    count when the sentence administers cells and names no control group; "分为A组、B组和
    对照组(每组12只)" gives the cell-treated groups' total."""
    s = sentence.text
    out = []
    counts = list(CJK_COUNT.finditer(s))
    for i, m in enumerate(counts):
        if CJK_PER_GROUP.search(s[max(0, m.start() - 6):m.start()]):
            continue
        # a listed total: "사지마비 환자 5명, 하반신마비 환자 5명" is ten subjects
        run = [m]
        for nxt in counts[i + 1:]:
            if not CJK_LIST_GAP.fullmatch(s[run[-1].end():nxt.start()]):
                break
            run.append(nxt)
        n = sum(int(c.group("n")) for c in run)
        start, end = sentence.start + m.start(), sentence.start + run[-1].end()
        population = population_of(mentions, sentence, start)
        out.append(_Candidate("n_enrolled", n, start, end, "counts.cjk_counter", population))
        if CJK_ADMINISTER.search(s) and not CJK_CONTROL_GROUP.search(s):
            out.append(_Candidate("n_cell_treated", n, start, end, "counts.cjk_counter", population))
        break
    if g := CJK_EQUAL_GROUPS.search(s):
        names = [name for name in CJK_GROUP_SEPARATOR.split(g.group("names")) if name.strip()]
        cell_groups = sum(1 for name in names if CJK_CELL_GROUP.search(name)
                          and not CJK_CONTROL_GROUP.search(name))
        if cell_groups:
            start, end = sentence.start + g.start(), sentence.start + g.end()
            out.append(_Candidate("n_cell_treated", cell_groups * int(g.group("n")), start, end,
                                  "counts.cjk_counter", population_of(mentions, sentence, start)))
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
        arms = list(_ARM.finditer(m.group("arms")))
        total = sum(int(arm.group("n")) for arm in arms)
        if total:
            out.append(_Candidate("n_enrolled", total, m.start("field"), m.end("arms"),
                                  "counts.registry_field", "human", planned=True))
        for arm in arms:
            name = arm.group("name")
            if (EXPERIMENTAL_ARM.search(name) or CELL.search(name)) and not CONTROL_ARM.search(name):
                start = m.start("arms") + arm.start()
                out.append(_Candidate("n_cell_treated", int(arm.group("n")), start,
                                      m.start("arms") + arm.end(), "counts.registry_field", "human"))
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
    for m in _named_arm_counts(sentence.text):
        arm = m.group(0)
        field = ("n_control" if CONTROL_ARM.search(arm)
                 else "n_cell_treated" if CELL.search(m.group("name")) else None)
        if field:
            start, end = sentence.start + m.start(), sentence.start + m.end()
            out.append(_Candidate(field, int(m.group("n")), start, end, "counts.named_arm",
                                  population_of(mentions, sentence, start)))
    return out


def _named_arm_counts(s: str):
    """The matches of ``NAMED_ARM_COUNT.finditer(s)``, found without trying the pattern at
    every word of a long sentence: a match ends with an ``ARM_SIZE`` and everything before that
    is words, hyphens and spaces, so it starts in the run of those characters just before one.
    """
    pos = 0
    for size in ARM_SIZE.finditer(s):
        run_start = size.start()
        while run_start > pos and (s[run_start - 1].isalnum() or s[run_start - 1] in "_-"
                                   or s[run_start - 1].isspace()):  # the characters of [\w\s-]
            run_start -= 1
        if m := NAMED_ARM_COUNT.search(s, run_start, size.end()):
            yield m
            pos = m.end()


def _labelled_groups(sentences: list[Sentence], mentions) -> list[_Candidate]:
    """Groups defined by label ("received ASCs ... (group 1) ... controls (group 2)") and
    counted by label elsewhere ("8: group 1; 5: group 2")."""
    roles: dict[str, str] = {}
    counts: list[tuple[str, int, int, int, Sentence]] = []
    for sentence in sentences:
        s = sentence.text
        if "group" not in s:  # both patterns name a group
            continue
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


def _single_arm(candidates: list[_Candidate],
                rule: str = "counts.single_arm_design") -> list[_Candidate]:
    """``n_cell_treated = n_enrolled`` for a single-arm design, unless enrolment is a plan."""
    return [_Candidate("n_cell_treated", c.value, c.start, c.end, rule, c.population)
            for c in _best([c for c in candidates if c.field == "n_enrolled"]) if not c.planned]


def _arms_total(candidates: list[_Candidate]) -> list[_Candidate]:
    """With no enrolment stated, a treated arm and a control arm add up to it."""
    best = _best(candidates)
    out = []
    for population in {c.population for c in best}:
        fields = {c.field: c for c in best if c.population == population}
        treated, control = fields.get("n_cell_treated"), fields.get("n_control")
        if "n_enrolled" not in fields and treated and control:
            out.append(_Candidate("n_enrolled", treated.value + control.value,
                                  min(treated.start, control.start), max(treated.end, control.end),
                                  "counts.arms_total", population))
    return out


def _best(candidates: list[_Candidate]) -> list[_Candidate]:
    """One candidate per (field, population): strongest rule, then earliest."""
    best: dict[tuple[str, str | None], _Candidate] = {}
    for c in sorted(candidates, key=lambda c: (_RANK[c.rule], c.start)):
        best.setdefault((c.field, c.population), c)
    return list(best.values())
