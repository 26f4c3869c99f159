"""Synthetic corpora of scraped MSC-trial pages, deterministic by seed.

Each page recombines the structures that real scraped pages show (a portal layout around a
study abstract, registry ids, doses in the notations that scraping leaves behind, translated
copies, related-paper lists full of other diseases and doses) with values drawn from the pools
in ``corpus_parts.py``. Page ``i`` of seed ``s`` depends only on ``(s, i)``, so a corpus can be
grown one page at a time and any page regenerated alone.

    .venv/bin/python -m bench.generate_corpus OUT_DIR --pages 10000 [--seed 7] [--start 0]

writes ``NNNNNN_<sha256[:16]>.txt`` files. What does not belong here: running the pipeline
(``run_benchmark.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus_parts as P

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
LAYOUTS = ("zh_portal", "suppr", "fa_index", "wos_mirror", "publisher", "de_congress", "fr_journal",
           "registry")
LAYOUT_WEIGHTS = (14, 14, 10, 14, 22, 6, 6, 14)
REGISTRIES = ("nct", "nct", "nct", "chictr", "chictr2", "irct", "isrctn", "actrn", "umin", "kct", "eudract",
              "drks", "ctri")


@dataclass
class Page:
    """One generated page and the facts it was built from (what an extractor should find)."""

    index: int
    layout: str
    text: str
    species: str
    condition: str
    doses: list[tuple[float, str]] = field(default_factory=list)   # (value, cells/kg|cells/head)
    registration: str | None = None

    @property
    def file_name(self) -> str:
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
        return f"{self.index:06d}_{digest}.txt"


# --- doses -------------------------------------------------------------------------------------

def _mantissa(rng: random.Random, german: bool = False) -> tuple[float, str]:
    m = rng.choice([1, 1, 2, 2, 3, 5, 0.5, 1.5, 2.5, 4])
    text = rng.choice([f"{m:g}", f"{m:.1f}"]) if m == int(m) else f"{m:g}"
    return m, text.replace(".", ",") if german else text


def _power(rng: random.Random, mantissa: str, exp: int) -> tuple[str, bool]:
    """A power of ten as scraped text, and whether the exponent's superscript was lost."""
    style = rng.choice(("lost", "lost", "paren", "caret", "sup", "glued", "x"))
    if style == "lost":
        return f"{mantissa}{rng.choice(('×', ' × ', 'x'))}10{exp}", True
    if style == "paren":
        return f"{mantissa} x 10({exp})", False
    if style == "caret":
        return f"{mantissa} × 10^{exp}", False
    if style == "sup":
        return f"{mantissa} × 10{str(exp).translate(SUPERSCRIPT)}", False
    if style == "glued":
        return f"{mantissa}x10{exp}", True
    return f"{mantissa} x 10{str(exp).translate(SUPERSCRIPT)}", False


def dose_phrase(rng: random.Random, species: str, german: bool = False) -> tuple[str, str, list[tuple[float, str]]]:
    """``(phrase, short phrase, [(value, unit)])`` for one arm or a dose-escalation."""
    per_kg = rng.random() < (0.75 if species == "human" else 0.3)
    if german:
        kind = "de"
    elif per_kg:
        kind = rng.choice(("single", "single", "escalation", "range", "list"))
    else:
        kind = rng.choice(("single", "million", "plain", "pm") if species == "human"
                          else ("single", "plain", "list"))
    exp = (6 if rng.random() < 0.8 else 7) if per_kg else (7 if species == "human" else 6 if rng.random() < 0.5 else 5)
    unit_kg = rng.choice(("cells/kg", "cells/kg", "cells/kg body weight", "cells per kilogram", "MSCs/kg",
                          "cells/kg of body weight"))
    unit_head = {"human": ("cells", "cells per patient", "MSCs"), "mouse": ("cells per mouse", "cells/mouse", "cells"),
                 "rat": ("cells per rat", "cells/rat", "cells")}[species]
    unit = unit_kg if per_kg else rng.choice(unit_head)
    unit_key = "cells/kg" if per_kg else "cells/head"

    def one(m_override: float | None = None) -> tuple[str, float]:
        m, mt = _mantissa(rng)
        if m_override is not None:
            m, mt = m_override, f"{m_override:g}"
        text, _ = _power(rng, mt, exp)
        return text, m * 10 ** exp

    if kind == "de":
        (m1, t1), (m2, t2) = _mantissa(rng, german=True), _mantissa(rng, german=True)
        lo, hi = sorted([(m1, t1), (m2, t2)])
        power, _ = _power(rng, hi[1], exp)
        phrase = f"zw. {lo[1]} und {power} Zellen/kgKG" if rng.random() < 0.5 else f"{power} Zellen/kg Körpergewicht"
        values = [(lo[0] * 10 ** exp, unit_key), (hi[0] * 10 ** exp, unit_key)] if "und" in phrase else [(hi[0] * 10 ** exp, unit_key)]
        return phrase, phrase, values
    if kind == "single":
        text, v = one()
        phrase = f"{text} {unit}" if not text.endswith(("x106", "x107")) or rng.random() < 0.5 else f"{text}{unit}"
        return phrase, phrase, [(v, unit_key)]
    if kind == "escalation":
        (a, va), (b, vb) = one(1), one(rng.choice((2, 3, 5)))
        return (f"{a} {unit}, escalated to {b} {unit} in the absence of dose-limiting toxicity",
                f"{b} {unit}", [(va, unit_key), (vb, unit_key)])
    if kind == "range":
        (a, va), (b, vb) = one(rng.choice((0.5, 1))), one(rng.choice((2, 3)))
        return f"{a} to {b} {unit}", f"{b} {unit}", [(va, unit_key), (vb, unit_key)]
    if kind == "list":
        values = sorted(rng.sample((0.5, 1, 2, 4, 5), 3))
        texts = [one(v) for v in values]
        phrase = f"{texts[0][0]}, {texts[1][0]} or {texts[2][0]} {unit}"
        return phrase, f"{texts[2][0]} {unit}", [(v, unit_key) for _, v in texts]
    if kind == "million":
        values = sorted(rng.sample((25, 50, 75, 100, 150, 200), rng.choice((1, 3))))
        if len(values) == 1:
            phrase = f"{values[0]} million cells"
        else:
            phrase = f"{values[0]}, {values[1]} or {values[2]} million cells"
        return phrase, f"{values[-1]} million cells", [(v * 1e6, "cells/head") for v in values]
    if kind == "plain":
        v = rng.choice((250_000, 500_000, 1_000_000, 2_000_000))
        phrase = f"{v:,} {unit}"
        return phrase, phrase, [(float(v), "cells/head")]
    m = rng.choice((10, 15, 20))
    phrase = f"{m}±{rng.choice((2, 3, 5))}×10{exp} cells"
    return phrase, phrase, [(m * 10 ** exp, "cells/head")]


# --- study facts -------------------------------------------------------------------------------

def registration_id(rng: random.Random) -> tuple[str, str]:
    """``(registry as named in text, id as written)``."""
    def d(n: int) -> str:
        return f"{rng.randrange(10 ** n):0{n}d}"
    registry = rng.choice(REGISTRIES)
    if registry == "nct":
        return "ClinicalTrials.gov", f"NCT0{d(7)}"
    if registry == "chictr":
        return "the Chinese Clinical Trial Registry", f"ChiCTR-{rng.choice(('IPR', 'ONN', 'INR', 'OPC'))}-{d(8)}"
    if registry == "chictr2":
        return "the Chinese Clinical Trial Registry", f"ChiCTR2{d(9)}"
    if registry == "irct":
        return "the Iranian Registry of Clinical Trials", f"IRCT20{d(12)}N{rng.randint(1, 9)}"
    if registry == "isrctn":
        return "the ISRCTN registry", f"ISRCTN{d(8)}"
    if registry == "actrn":
        return "the Australian New Zealand Clinical Trials Registry", f"ACTRN126{d(11)}"
    if registry == "umin":
        return "UMIN-CTR", f"UMIN000{d(6)}"
    if registry == "kct":
        return "the Clinical Research Information Service", f"KCT000{d(4)}"
    if registry == "eudract":
        return "EudraCT", f"20{rng.randint(10, 23)}-00{d(4)}-{d(2)}"
    if registry == "drks":
        return "the German Clinical Trials Register", f"DRKS000{d(5)}"
    return "the Clinical Trials Registry-India", f"CTRI/20{rng.randint(15, 23)}/0{rng.randint(1, 9)}/0{d(5)}"


def _count_text(n: int, capital: bool = False) -> str:
    text = P.NUMBER_WORDS[n] if n in P.NUMBER_WORDS and n < 30 else str(n)
    return text[0].upper() + text[1:] if capital and text[0].isalpha() else text


def study(rng: random.Random, exclude: frozenset[str] = frozenset()) -> dict:
    """The facts of one synthetic study and every slot the templates use."""
    species = rng.choices(("human", "mouse", "rat"), (70, 20, 10))[0]
    cond = rng.choice(P.CONDITIONS)
    while cond[0] in exclude:
        cond = rng.choice(P.CONDITIONS)
    src = rng.choice(P.SOURCES)
    donor = rng.choice(P.DONORS) if species == "human" else P.DONORS[0]
    route = rng.choice(P.ROUTES)
    n_enrolled = rng.choice((6, 7, 9, 10, 12, 15, 16, 18, 20, 24, 30, 40, 53, 60, 80, 120))
    n_treated = max(3, n_enrolled // rng.choice((1, 2)))
    ae = rng.sample(P.ADVERSE_EVENTS, rng.randint(0, 3))
    grades = [rng.choice(("", "grade 1 ", "grade 2 ", "grade 3 ", "CTCAE grade I ")) for _ in ae]
    dose, dose_short, dose_values = dose_phrase(rng, species)
    reg_name, reg_id = registration_id(rng)
    n_inf = rng.choice((1, 1, 2, 3, 4))
    animal_model = cond[5] if species == "mouse" or "rats" not in cond[5] else cond[5]
    if species == "rat" and "rats" not in animal_model:
        animal_model = "Sprague-Dawley rats with induced " + cond[0]
    if species == "mouse" and "mice" not in animal_model:
        animal_model = "C57BL/6 mice with induced " + cond[0]
    if ae:
        listed = ", ".join(f"{g}{a}" for g, a in zip(grades, ae))
        ae_sentence = rng.choice((f"Adverse events included {listed}, which resolved without treatment.",
                                  f"{_count_text(len(ae), True)} adverse events were reported: {listed}.",
                                  f"The most common adverse events were {listed}; no serious adverse event occurred."))
    else:
        ae_sentence = "No serious adverse events or infusion-related reactions were observed."
    phase = rng.choice(P.PHASES)
    design = rng.choice(P.DESIGNS)
    follow = rng.choice(P.FOLLOW_UPS)
    s = dict(
        species=species, condition=cond[0], Condition=cond[0][0].upper() + cond[0][1:], abbr=cond[1], abbr_paren=f" ({cond[1]})" if cond[1] != cond[0] else "",
        de_condition=cond[2], fr_condition=cond[3], zh_condition=cond[4],
        Animal_model=animal_model[0].upper() + animal_model[1:],
        source=src[0], short=src[1], Short=src[1], de_source=src[2], fr_source=src[3], zh_source=src[4],
        source_noun=src[0].replace("-derived", "").replace(" tissue", " tissue"),
        donor=donor[0], Donor=donor[0].capitalize(), de_donor=donor[1], fr_donor=donor[2], zh_donor=donor[3],
        donor_desc="healthy donors" if donor[0] == "allogeneic" else "the patients themselves",
        route=route[0] if species == "human" else route[1], de_route=route[2], fr_route=route[3], zh_route=route[4],
        phase=phase, zh_phase=phase.split()[-1], design=", ".join(design),
        a_design=("an " if design[0][0] in "aeiou" else "a ") + ", ".join(design),
        n_centres=rng.choice((1, 1, 2, 3, 5)), city=rng.choice(P.CITIES),
        n_enrolled=n_enrolled, N_enrolled_cap=_count_text(n_enrolled, True),
        N_treated_text=_count_text(n_treated, True), n_control=max(0, n_enrolled - n_treated),
        n_infusions_text={1: "a single", 2: "two", 3: "three", 4: "four"}[n_inf] + " " + route[0]
        + ("s" if n_inf > 1 else ""),
        n_per_group=rng.choice((5, 6, 8, 10, 12)), outcome=rng.choice(P.OUTCOMES), follow_up=follow,
        zh_follow=follow.replace(" months", "个月").replace(" days", "天").replace(" weeks", "周"),
        registered=f" ({reg_id})" if species == "human" and rng.random() < 0.6 else "",
        reg_name=reg_name, reg_id=reg_id if species == "human" else None,
        dose=dose, dose_short=dose_short, dose_values=dose_values, zh_dose=dose,
        fr_dose=dose.replace(" or ", " ou ").replace(" to ", " à ").replace("cells", "cellules"),
        pct_female=rng.randint(30, 90), age=rng.randint(8, 68), p=rng.randint(1, 49),
        ae_sentence=ae_sentence, zh_ae="、".join(P.ADVERSE_EVENTS_ZH[a] for a in ae) + "各1例" if ae else "未发生严重不良事件",
        n_resp=rng.randint(1, 5), weeks=rng.choice((4, 8, 12)),
        subjects_plural="patients" if species == "human" else species.replace("mouse", "mice") + ("s" if species == "rat" else ""),
    )
    if "single-center" in design:
        s["n_centres"] = 1
    s["centres_s"] = "" if s["n_centres"] == 1 else "s"
    s["arm_sentence"] = (f"{s['N_treated_text']} patients were assigned to the MSC group and {s['n_control']} to the control group."
                         if s["n_control"] else "All patients received MSCs; there was no control group.")
    s["n_centres"] = P.NUMBER_WORDS[s["n_centres"]]
    return s


def _fill(templates: list[str], s: dict, rng: random.Random, k: int | None = None) -> list[str]:
    chosen = templates if k is None else rng.sample(templates, min(k, len(templates)))
    return [t.format(**s) for t in chosen]


def abstract_sections(rng: random.Random, s: dict) -> list[tuple[str, str]]:
    """English abstract as ``[(section, paragraph)]``."""
    human = s["species"] == "human"
    methods = _fill(P.METHODS_HUMAN if human else P.METHODS_ANIMAL, s, rng)
    if human and s["reg_id"] and not s["registered"]:
        methods.append(f"This trial is registered with {s['reg_name']}, {s['reg_id']}.")
    return [
        ("Background", " ".join(_fill(P.BACKGROUND, s, rng, 2) + _fill(P.OBJECTIVE, s, rng, 1))),
        ("Methods", " ".join(methods)),
        ("Results", " ".join(_fill(P.RESULTS_HUMAN if human else P.RESULTS_ANIMAL, s, rng))),
        ("Conclusion", " ".join(_fill(P.CONCLUSION, s, rng, 2))),
    ]


def title(rng: random.Random, s: dict) -> str:
    subjects = "patients" if s["species"] == "human" else s["subjects_plural"]
    if s["species"] != "human":
        return rng.choice((
            f"{s['Short']} attenuate {s['condition']} in {s['Animal_model'][0].lower()}{s['Animal_model'][1:]}",
            f"Effects of {s['source']} mesenchymal stem cells on {s['condition']} in {subjects}",
            f"{s['route'].capitalize()} of {s['short']} ameliorates {s['condition']} in {subjects}",
        ))
    return rng.choice((
        f"Safety and efficacy of {s['donor']} {s['source']} mesenchymal stem cells in {subjects} with {s['condition']}: a {s['phase']} study",
        f"{s['Donor']} {s['source']} mesenchymal stromal cells for {s['condition']}: results of {s['a_design'].split(', ')[0]} {s['phase']} trial",
        f"{s['route'].capitalize()} of {s['short']} ameliorates {s['condition']} in {subjects}",
        f"Mesenchymal stem cell therapy for refractory {s['condition']}: preliminary results",
    ))


def authors(rng: random.Random, k: int) -> list[str]:
    return [f"{rng.choice(P.GIVEN)} {rng.choice(P.SURNAMES)}" for _ in range(k)]


RELATED_TITLES = ("{s} mesenchymal stem cells in {w} with {c}", "Long-term follow-up of {k} therapy for {c}",
                  "{k} reduce inflammation in {w} with {c}", "Cell therapy for {c}: a systematic review",
                  "Dose-finding study of {s} stromal cells for {c} in {w}")


def related_list(rng: random.Random, own: str) -> list[str]:
    """A related-papers list: other diseases, other doses, other species."""
    lines = []
    for i in range(rng.randint(3, 9)):
        cond, src = rng.choice(P.CONDITIONS), rng.choice(P.SOURCES)
        species = rng.choice(("human", "human", "mouse", "rat"))
        who = {"human": "patients", "mouse": "mice", "rat": "rats"}[species]
        j = rng.choice(P.JOURNALS)
        lines.append(f"  • [{41 + i}] {rng.choice(RELATED_TITLES).format(c=cond[0], s=src[0], k=src[1], w=who)}")
        if rng.random() < 0.4:
            lines.append(f"    Cells were given at {dose_phrase(rng, species)[1]}.")
        lines.extend(f"    {a}" for a in authors(rng, rng.randint(2, 5)))
        lines.append(f"    {j[0].upper()}, {rng.randint(2008, 2024)}, {rng.randint(1, 60)} ({rng.randint(1, 12):02d}) : "
                     f"{rng.randint(1, 900)} - {rng.randint(901, 999)}")
    return lines


def bib(rng: random.Random) -> dict:
    j = rng.choice(P.JOURNALS)
    year = rng.randint(2009, 2025)
    doi = f"10.{rng.randint(1000, 9999)}/{rng.choice(('s', 'j.', 'sctm.', 'fimmu.'))}{rng.randint(10000, 99999)}-{year}-{rng.randint(100, 999)}"
    return dict(journal=j[0], abbrev=j[1], publisher=j[2], year=year, doi=doi, volume=rng.randint(1, 60),
                issue=rng.randint(1, 12), pages=f"{rng.randint(1, 900)}-{rng.randint(901, 999)}",
                month=rng.randrange(12), cites=rng.randint(0, 300), views=rng.randint(10, 9000),
                downloads=rng.randint(5, 3000), fa_year=rng.randint(1390, 1403), day=rng.randint(1, 30))


def zh_copy(s: dict) -> list[str]:
    out = ["摘要", ""]
    for head, text in zip(P.ZH_SECTIONS, P.ZH_TEXT):
        out += [head, "", text.format(**s), ""]
    return out


def zh_feed(rng: random.Random) -> list[str]:
    lines = [rng.choice(P.ZH_PORTAL_LINES), "实时播报"]
    for k in range(rng.randint(15, 60)):
        if rng.random() < 0.6:
            action = rng.choice(P.ZH_FEED_ACTIONS).format(n=rng.choice((10, 20, 30, 50)), u=rng.choice(P.ZH_FEED_USERS))
            lines.append(f"{rng.choice(P.ZH_FEED_USERS)}{action}")
        lines.append(f"{k // 2 + 1}秒前")
    lines += ["高分求助中"] + [f"{b} {rng.randint(300, 10000)}" for b in rng.sample(P.ZH_HOT_BOOKS, 3)]
    return lines


# --- page layouts ------------------------------------------------------------------------------

def layout_lines(layout: str, rng: random.Random, s: dict, b: dict) -> list[str]:
    t = title(rng, s)
    secs = abstract_sections(rng, s)
    names = authors(rng, rng.randint(3, 9))
    inline = " ".join(f"{h}: {p}" for h, p in secs)
    if layout == "zh_portal":
        return [t, "", "医学 间充质干细胞 临床试验 内科学 免疫学", "作者", ",".join(names), "出处",
                f"期刊:{b['journal']} [{b['publisher']}]", f"卷期号:{b['volume']} ({b['issue']}): {b['pages']} 被引量:{b['cites']}",
                "标识", f"DOI:{b['doi']}", "摘要", "", " ".join(p for _, p in secs)] + zh_feed(rng)
    if layout == "suppr":
        out = ["Suppr超能文献", "", f"{s['zh_donor']}{s['zh_source']}间充质干细胞治疗{s['zh_condition']}的安全性和疗效。", "", t, "",
               "作者信息", "", ", ".join(names), "", "机构信息", "",
               f"{rng.choice(P.DEPARTMENTS)}, {rng.choice(P.CITIES)}.", "", "出版信息", "",
               f"{b['abbrev']}. {b['year']} {P.MONTHS[b['month']]};{b['volume']}({b['issue']}):{b['pages']}. doi: {b['doi']}.", "",
               "Abstract", ""]
        for h, p in secs:
            out += [h.upper(), "", p, ""]
        return out + zh_copy(s) + ["文献AI研究员", "", "用中文搜PubMed", "", "立即体验"]
    if layout == "fa_index":
        meta = [m.format(**b) for m in rng.sample(P.FA_META, 6)]
        out = [t, ""] + meta + ["", "چکیده مقاله:", "",
                                f"Background and Aim: {secs[0][1]}Methods: {secs[1][1]}Results: {secs[2][1]}Conclusion: {secs[3][1]}",
                                "", "نویسندگان", ""]
        for n in names[:4]:
            out += [n, "", f"{rng.choice(P.DEPARTMENTS)}, {rng.choice(P.CITIES)}", ""]
        return out
    if layout == "wos_mirror":
        out = [t, "", f"被引:{b['cites']}", "|", "作者"]
        out += [f"{n.split()[-1]}, {n.split()[0]} [{rng.randint(1, 3)} ]" for n in names]
        out += ["机构"] + [f"[{i}] {rng.choice(P.DEPARTMENTS)}, {rng.choice(P.CITIES)}" for i in (1, 2)]
        out += ["关键词", f"Mesenchymal stromal cells; {s['condition']}; Transplantation; {s['abbr']};", "D O I", b["doi"],
                "摘要", inline, "引用", "收藏", f"页数:{rng.randint(6, 14)}", "相关论文", "共 50 条"]
        return out + related_list(rng, s["condition"])
    if layout == "publisher":
        nav = [n.format(**b) for n in rng.sample(P.PUBLISHER_NAV, 5)]
        out = nav[:2] + ["", t, "", ", ".join(f"{n}{i + 1}" for i, n in enumerate(names))]
        out += [f"{i + 1}{rng.choice(P.DEPARTMENTS)}, {rng.choice(P.CITIES)}" for i in range(min(3, len(names)))]
        out += [f"Published online: {P.MONTHS_LONG[b['month']]} {rng.randint(1, 28)}, {b['year']}  https://doi.org/{b['doi']}",
                *nav[2:], "", "Abstract", ""]
        for h, p in secs:
            out += [h, "", p, ""]
        out += [rng.choice(P.CITATION_WIDGETS).format(**b), "", "Related articles", ""]
        return out + related_list(rng, s["condition"])[:8]
    if layout == "de_congress":
        s = s | {"dose": dose_phrase(rng, "human", german=True)[0]}
        out = [f"{b['abbrev']} {b['year']}; {b['volume']} - P{rng.randint(1, 300):03d}", f"DOI: {b['doi']}", "",
               f"Behandlung von Patienten mit {s['de_condition']} mit {s['de_donor']}en mesenchymalen Stromazellen", "",
               ", ".join(f"{n} 1" for n in names), ""]
        for h, text in zip(P.DE_SECTIONS, P.DE_TEXT):
            out += [f"{h}: {text.format(**s)}", ""]
        return out
    if layout == "fr_journal":
        out = [f"Cellules stromales mésenchymateuses {s['fr_donor']} dans la {s['fr_condition']}", "", ", ".join(names), "",
               "Résumé", ""]
        for h, text in zip(P.FR_SECTIONS, P.FR_TEXT):
            out += [h, "", text.format(**s), ""]
        return out + ["Abstract", "", inline, "", f"Mots-clés : CSM ; {s['fr_condition']} ; thérapie cellulaire"]
    # registry record
    phase = s["phase"].replace("phase ", "Phase ")
    return ["Title", "", t, f"Clinical Trial of {s['short']} Transplantation for {s['Condition']}-{phase}",
            "  • Phase", "", f"    {phase}", "  • Study Type", "", "    Interventional", "  • Status", "",
            f"    {rng.choice(('Recruiting', 'Completed', 'Unknown status'))}", "  • Study Participants", "",
            f"    {s['n_enrolled']}", " ".join(_fill(P.BACKGROUND, s, rng, 2)), f"Registration: {s['reg_id']}",
            "Study Started", f"{P.MONTHS[b['month']]} {rng.randint(1, 28)}", str(b["year"]), "",
            f"Biological: {s['Donor']} {s['short']}", "",
            f"-{s['Short']} will be given by {s['route']} ({s['dose']}), {s['n_infusions_text']} in total.", "",
            f"Primary outcome: {s['outcome']} at {s['follow_up']}."]


def generate_page(seed: int, index: int, exclude: frozenset[str] = frozenset()) -> Page:
    """Page ``index`` of ``seed``; ``exclude`` names conditions the study must not be about
    (a way around a known extraction bug while measuring speed)."""
    rng = random.Random(f"msc-bench:{seed}:{index}")
    layout = rng.choices(LAYOUTS, LAYOUT_WEIGHTS)[0]
    s = study(rng, exclude)
    if layout in ("de_congress", "fr_journal", "registry") and s["species"] != "human":
        layout = "publisher"
    if layout == "registry" and not s["reg_id"]:
        s["reg_id"] = registration_id(rng)[1]
    b = bib(rng)
    lines = layout_lines(layout, rng, s, b)
    text = "\n".join(lines) + "\n"
    reg = s["reg_id"] if s["reg_id"] and s["reg_id"] in text else None
    return Page(index, layout, text, s["species"], s["condition"], s["dose_values"], reg)


def _write_range(out_dir: str, seed: int, start: int, stop: int, exclude: frozenset[str] = frozenset()) -> int:
    n_bytes = 0
    for i in range(start, stop):
        page = generate_page(seed, i, exclude)
        data = page.text.encode("utf-8")
        (Path(out_dir) / page.file_name).write_bytes(data)
        n_bytes += len(data)
    return n_bytes


def write_corpus(out_dir: Path, pages: int, seed: int = 7, start: int = 0, workers: int | None = None,
                 exclude: frozenset[str] = frozenset()) -> int:
    """Write pages ``start .. start+pages-1`` into ``out_dir``; returns the bytes written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or (os.cpu_count() or 1)
    if pages < 2000 or workers == 1:
        return _write_range(str(out_dir), seed, start, start + pages, exclude)
    step = -(-pages // (workers * 4))
    bounds = [(b, min(b + step, start + pages)) for b in range(start, start + pages, step)]
    with ProcessPoolExecutor(workers) as pool:
        return sum(pool.map(_write_range, [str(out_dir)] * len(bounds), [seed] * len(bounds),
                            [a for a, _ in bounds], [z for _, z in bounds], [exclude] * len(bounds)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", type=int, default=0, help="index of the first page (to grow a corpus)")
    ap.add_argument("--exclude-condition", action="append", default=[], metavar="NAME",
                    help="leave out studies of this condition (repeatable)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    n_bytes = write_corpus(args.out_dir, args.pages, args.seed, args.start,
                           exclude=frozenset(args.exclude_condition))
    dt = time.perf_counter() - t0
    print(f"wrote {args.pages} pages ({n_bytes / 1e6:.1f} MB) to {args.out_dir} in {dt:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
