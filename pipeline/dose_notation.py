"""Reading dose numbers as scraped pages print them, and repairing powers of ten they lost.

A dose number is one *term* (``2.0×106``, ``1 x 10(6)``, ``1.0E+06``, ``10⁶``, ``0,94``,
``500,000``, ``15±3×106``, ``Twenty million``) or an *expression* of several terms joined as a
range or a list (``0.5 to 2 ×106``, ``25, 50, 75, or 150 million``), where a power of ten written
once applies to every term before it. Scraping often flattens superscripts (``×106`` is
×10^6) or drops the exponent altogether (``1 × 10 cells per kg``); both are repaired here and
always flagged, a lost exponent only when exactly one power of ten puts the dose inside the
typical window of ``vocab/dose_plausibility.csv``.

What belongs here: the number grammar (``TERM``, ``EXPRESSION``), :func:`parse_expression`
and :func:`resolve`. What does not: deciding whether a number is a cell dose and in which unit
(``extract/doses.py``), converting between units (``units.py``, ``harmonize.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from pipeline.numwords import NUMBER_PHRASE, word_to_int
from pipeline.vocab import load_vocab

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")
_MINUS = "-−–"


def _terms(kind: str) -> list[dict[str, str]]:
    return [row for row in load_vocab("dose_terms") if row["kind"] == kind]


def _alternation(kind: str) -> str:
    return "|".join(f"(?:{row['pattern']})" for row in _terms(kind))


# digits: "500,000" and "500 000" (thousands), "2.0" and "0,94" (decimal point or comma)
NUMBER = r"(?:\d{1,3}(?:,\d{3}|[ ]\d{3})+(?![\d]|[.,]\d)|\d+(?:[.,]\d+)?)"
# "×", "x", "X", "*", "∗", "·", "⋅" between a mantissa and its power of ten
_TIMES = r"\s*[x×X*∗·∙⋅]\s*"
# the power of ten after "10"; the alternatives are ordered from most to least explicit
_POWER_TAIL = (
    r"10(?:"
    rf"\s*\\?\^\s*\{{?\s*(?P<caret>[{_MINUS}]?\d{{1,2}})(?:\s*\}})?"  # 10^6, 10\^6, 10^{6}
    rf"|\s*\*\*\s*(?P<stars>[{_MINUS}]?\d{{1,2}})"                # 10**6
    rf"|\s*\(\s*(?P<paren>[{_MINUS}]?\d{{1,2}})\s*\)"              # 10(6): Web of Science style
    rf"|(?P<sup>⁻?[{_SUPERSCRIPT_DIGITS}]{{1,2}})"                # 10⁶
    r"|[eE]\+?(?P<etail>\d{1,2})(?!\d)"                           # × 10E6: registry shorthand
    r"|(?P<flat>\d{1,2})(?!\d|[.,]\d)"                            # 106: superscript flattened
    r"|[ ](?P<spaced>\d{1,2})(?![\d.,]|\s*[-–]\s*\d)"            # 10 5: superscript as a word
    r"|(?P<lost>)(?!\d)"                                          # 10: exponent lost
    r")"
)
_E_NOTATION = rf"[eE](?P<e>[+{_MINUS}]?\d{{1,2}})(?!\d)"
_BARE_POWER = (  # a power of ten with no mantissa: "10^6 cells", "10⁶ cells"
    r"10(?:"
    rf"\s*\\?\^\s*\{{?\s*(?P<caret>[{_MINUS}]?\d{{1,2}})(?:\s*\}})?"
    rf"|\s*\*\*\s*(?P<stars>[{_MINUS}]?\d{{1,2}})"
    rf"|\s*\(\s*(?P<paren>[{_MINUS}]?\d{{1,2}})\s*\)"
    rf"|(?P<sup>⁻?[{_SUPERSCRIPT_DIGITS}]{{1,2}})"
    r")"
)
SCALE = _alternation("scale")


def _unnamed(pattern: str) -> str:
    """``pattern`` with its named groups made anonymous, so it can repeat inside another."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


TERM = (
    rf"(?:{_unnamed(_BARE_POWER)}(?![\d.,])"
    rf"|\(\s*{NUMBER}\s*±\s*{NUMBER}\s*\){_TIMES}{_unnamed(_POWER_TAIL)}"  # (1.2 ± 0.3) × 10^6
    rf"|{NUMBER}(?:{_unnamed(_E_NOTATION)})?(?:\s*±\s*{NUMBER})?"
    rf"(?:{_TIMES}{_unnamed(_POWER_TAIL)}|\s*(?:{SCALE})(?![A-Za-z]))?"
    rf"|\b{NUMBER_PHRASE}\b)"
)
_RANGE_WORDS = [r["pattern"] for r in _terms("range_separator") if re.match(r"\w", r["pattern"])]
_RANGE_SYMBOLS = [r["pattern"] for r in _terms("range_separator") if not re.match(r"\w", r["pattern"])]
_LIST_WORDS = "|".join(r["pattern"] for r in _terms("list_separator"))
SEPARATOR = (
    rf"(?:\s*,\s*(?:(?:{_LIST_WORDS})\s+)?"
    rf"|\s+(?:{_LIST_WORDS}|{'|'.join(_RANGE_WORDS)})\s+"
    rf"|\s*(?:{'|'.join(_RANGE_SYMBOLS)})\s*)"
)
# a term may not start inside a word, a number or a power ("per 10^6", "CD34")
EXPRESSION = rf"(?<![\w.,^/±+\-]){TERM}(?:{SEPARATOR}{TERM}){{0,7}}"
RANGE_PREFIX = re.compile(rf"\b(?:{_alternation('range_prefix')})\s*$", re.I)

_TERM_RX = re.compile(TERM, re.I)
_RANGE_SEPARATOR_RX = re.compile(
    rf"^\s*(?:{'|'.join(_RANGE_WORDS)}|{'|'.join(_RANGE_SYMBOLS)})\s*$", re.I)
_AND_RX = re.compile(rf"^\s*,?\s*(?:{_LIST_WORDS})\s*$", re.I)
_MANTISSA_RX = re.compile(
    rf"\(?\s*(?P<mantissa>{NUMBER})(?:{_E_NOTATION})?(?:\s*±\s*(?P<sd>{NUMBER}))?\s*\)?")
_POWER_RX = re.compile(rf"{_TIMES}{_POWER_TAIL}")
_BARE_POWER_RX = re.compile(_BARE_POWER)
_SCALE_RX = re.compile(rf"\s*(?P<scale>{SCALE})(?![A-Za-z])", re.I)


@cache
def _scale_values() -> tuple[tuple[re.Pattern[str], float], ...]:
    return tuple((re.compile(rf"(?:{r['pattern']})$", re.I), float(r["value"]))
                 for r in _terms("scale"))


@dataclass(frozen=True, slots=True)
class Term:
    """One number as written: ``mantissa`` × 10^``exponent``, with how the power was written.

    ``power`` is ``explicit`` (10^6, 10(6), 10⁶, E+06), ``flattened`` (×106: a superscript
    that lost its formatting, read as ×10^6), ``lost`` (×10 with no exponent at all),
    ``scale`` (a scale word: million, Millionen, whose factor is ``scale``) or ``none`` (a
    plain number or a number in words). ``start``/``end`` are offsets in the parsed string.
    """

    start: int
    end: int
    mantissa: float
    sd: float | None
    exponent: int | None
    power: str
    power_text: str = ""
    scale: float = 1.0

    @property
    def nominal(self) -> float:
        """The value as written, with a lost exponent taken as 10^0."""
        return self.mantissa * self.scale * 10 ** (self.exponent or 0)

    def with_power_of(self, other: "Term") -> "Term":
        """This term written with ``other``'s power of ten or scale word."""
        return Term(self.start, self.end, self.mantissa, self.sd, other.exponent, other.power,
                    other.power_text, other.scale)


@dataclass(frozen=True, slots=True)
class Expression:
    """The terms of one number phrase and how they are joined (``range``, ``list``, ``single``)."""

    terms: tuple[Term, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class Reading:
    """The value a term stands for in a unit, or None with the reason it was refused."""

    value: float | None
    sd: float | None
    exponent_repaired: bool
    repair_reason: str | None


def parse_number(text: str, decimal_comma: bool = False) -> float:
    """``500,000`` → 500000; ``0,94`` → 0.94; ``1,5`` → 1.5 (a comma followed by three digits
    is a thousands separator unless ``decimal_comma`` says the language writes 1,500 for 1.5)."""
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:[ ]\d{3})+", text):
        return float(text.replace(" ", ""))
    thousands = re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+", text)
    if thousands and not (decimal_comma and text.count(",") == 1):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def _exponent(digits: str) -> int:
    return int(re.sub(f"[{_MINUS}]", "-", digits.translate(_FROM_SUPERSCRIPT)).replace(" ", ""))


def _power_of(match: re.Match[str]) -> tuple[int | None, str]:
    groups = match.groupdict()
    for name in ("caret", "stars", "paren", "sup", "etail"):
        if groups.get(name):
            return _exponent(groups[name]), "explicit"
    for name in ("flat", "spaced"):
        if groups.get(name):
            return _exponent(groups[name]), "flattened"
    return None, "lost"


def parse_term(text: str, offset: int = 0, decimal_comma: bool = False) -> Term | None:
    """The number one term spells, or None when ``text`` is not a dose number."""
    bare = _BARE_POWER_RX.fullmatch(text)
    if bare:
        exponent, power = _power_of(bare)
        return Term(offset, offset + len(text), 1.0, None, exponent, power, text)
    words = word_to_int(text)
    if words is not None and not re.search(r"\d", text):
        return Term(offset, offset + len(text), float(words), None, None, "none")
    head = _MANTISSA_RX.match(text)
    if not head:
        return None
    mantissa = parse_number(head.group("mantissa"), decimal_comma)
    sd = parse_number(head.group("sd"), decimal_comma) if head.group("sd") else None
    rest = text[head.end():]
    end = offset + len(text)
    if head.group("e"):
        return Term(offset, end, mantissa, sd, _exponent(head.group("e")), "explicit", rest)
    if not rest.strip():
        return Term(offset, end, mantissa, sd, None, "none")
    power = _POWER_RX.fullmatch(rest)
    if power:
        exponent, kind = _power_of(power)
        return Term(offset, end, mantissa, sd, exponent, kind, rest.strip())
    scale = _SCALE_RX.fullmatch(rest)
    if scale:
        factor = next(v for rx, v in _scale_values() if rx.match(scale.group("scale")))
        return Term(offset, end, mantissa, sd, None, "scale", rest.strip(), factor)
    return None


def parse_expression(text: str, prefix: str = "", decimal_comma: bool = False) -> Expression | None:
    """The terms of a number phrase matched by ``EXPRESSION``.

    A term written without a power of ten takes the power of the next term that has one
    ("0.5 to 2 ×10^6": both ×10^6). Doses in a range or list rise; when the values do not, the
    leading numbers are something else ("groups of 10, 1×10^6 cells") and only the last term
    is kept. ``prefix`` is the text just before (``between``, ``zw.``) that turns ``and`` into
    a range.
    """
    terms = [parse_term(m.group(0), m.start(), decimal_comma) for m in _TERM_RX.finditer(text)]
    if not terms or any(t is None for t in terms):
        return None
    for i in range(len(terms) - 2, -1, -1):
        if terms[i].power == "none" and terms[i + 1].power != "none":
            terms[i] = terms[i].with_power_of(terms[i + 1])
    if len(terms) == 1:
        return Expression(tuple(terms), "single")
    if any(b.nominal <= a.nominal for a, b in zip(terms, terms[1:])):
        return Expression((terms[-1],), "single")
    separators = [text[a.end:b.start] for a, b in zip(terms, terms[1:])]
    is_range = len(terms) == 2 and (
        _RANGE_SEPARATOR_RX.match(separators[0])
        or (RANGE_PREFIX.search(prefix) and _AND_RX.match(separators[0])))
    return Expression(tuple(terms), "range" if is_range else "list")


@cache
def _windows() -> tuple[dict[str, str], ...]:
    return load_vocab("dose_plausibility")


def _window(kind: str, unit: str, species: str | None) -> tuple[float, float] | None:
    for row in _windows():
        if row["kind"] == kind and row["unit"] == unit and row["species"] in ("", species):
            return float(row["low"]), float(row["high"])
    return None


def resolve(term: Term, unit: str, species: str | None) -> Reading:
    """The number of cells ``term`` stands for as a dose in ``unit`` given to ``species``.

    Flattened superscripts are read as the power they were (flagged). A lost exponent is
    repaired only when exactly one power of ten puts the dose inside the typical window for
    (unit, species); any value outside the broad window for the unit is refused.
    """
    factor = term.scale * 10 ** (term.exponent or 0)
    sd = term.sd * factor if term.sd is not None else None
    repaired, reason = False, None
    if term.power == "lost":
        window = _window("typical", unit, species)
        if window is None:
            return Reading(None, None, False,
                           f"exponent lost in '{term.power_text}' and no typical {unit} window "
                           f"for {species or 'unknown species'} to repair it")
        low, high = window
        fits = [k for k in range(0, 13) if low <= term.mantissa * 10**k < high]
        if len(fits) != 1:
            return Reading(None, None, False,
                           f"exponent lost in '{term.power_text}': {len(fits)} powers of ten put "
                           f"{term.mantissa:g} inside the typical window {low:g}-{high:g} {unit}")
        exponent = fits[0]
        sd = term.sd * 10**exponent if term.sd is not None else None
        value = term.mantissa * 10**exponent
        repaired = True
        reason = (f"exponent lost in scraping: '{term.power_text}' read as 10^{exponent}, the only "
                  f"power of ten inside the typical window {low:g}-{high:g} {unit} for {species}")
    else:
        value = term.mantissa * factor
        if term.power == "flattened":
            repaired = True
            reason = (f"superscript exponent flattened: '{term.power_text}' read as "
                      f"×10^{term.exponent}")
    low, high = _window("broad", unit, None) or (0.0, math.inf)
    if not low <= value <= high:
        return Reading(None, None, repaired,
                       f"{value:g} {unit} is outside the plausible range {low:g}-{high:g}"
                       + (f" ({reason})" if reason else ""))
    return Reading(value, sd, repaired, reason)
