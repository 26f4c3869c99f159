"""Dose harmonization: every cell dose as cells/kg and cells/head, with the conversion explained.

A dose reported per kg is converted to per subject by multiplying by a body weight, and a
per-subject dose to per kg by dividing. The weight is, in order: the body weight the document
states for that population (``extract/body_weight.py``), else the adult reference weight of
the species (``vocab/reference_weights.csv``, US FDA 2005 guidance, Table 1). Children,
neonatal or juvenile animals and mixed adult/child populations have no reference weight: the
side that needs a weight stays None and ``conversion`` says why. Cumulative doses multiply the
per-administration dose by the number of administrations when it is known.

What belongs here: choosing the weight and explaining the conversion. What does not: reading
doses or weights from text (``extract/``) and unit arithmetic (``units.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Fact
from pipeline.units import convert_dose
from pipeline.vocab import load_vocab

# age groups for which an adult reference weight would be wrong
_NOT_ADULT = {"pediatric", "neonatal", "juvenile", "mixed"}


@dataclass(frozen=True, slots=True)
class StatedWeight:
    """A body weight the document states for the dosed population, with its phrase."""

    kg: float
    text: str


@dataclass(frozen=True, slots=True)
class HarmonizedDose:
    cells_per_kg: float | None
    cells_per_head: float | None
    body_weight_kg: float | None
    conversion: str
    cumulative_cells_per_kg: float | None = None
    cumulative_cells_per_head: float | None = None


def reference_weight(species: str | None, animal: str | None = None) -> dict[str, str] | None:
    """The reference-weight row for ``species`` (or, for ``other``, the named ``animal``)."""
    for row in load_vocab("reference_weights"):
        if species == "other":
            if animal and row["pattern"] and re.fullmatch(row["pattern"], animal, re.I):
                return row
        elif row["species"] == species:
            return row
    return None


def _weight(species: str | None, age_group: str | None, stated: StatedWeight | None,
            animal: str | None) -> tuple[float | None, str]:
    """The body weight to convert with and how it was chosen (or why there is none)."""
    if stated is not None:
        return stated.kg, f"stated body weight: {stated.kg:g} kg (span '{stated.text}')"
    subjects = f"{age_group} {species}" if age_group else (species or "unknown species")
    if age_group in _NOT_ADULT:
        return None, (f"not converted: {subjects} subjects and no stated body weight; adult "
                      "reference weights do not apply")
    row = reference_weight(species, animal)
    if row is None:
        return None, f"not converted: no reference body weight for {animal or subjects}"
    kg = float(row["weight_kg"])
    return kg, f"reference body weight: {row['animal']} {kg:g} kg ({row['source']})"


def harmonize(value: float | None, unit: str, species: str | None, age_group: str | None = None,
              stated_weight: StatedWeight | None = None, n_administrations: int | None = None,
              per: str | None = None, animal: str | None = None,
              reason: str | None = None) -> HarmonizedDose:
    """``value`` (cells/kg or cells/head) on both scales, cumulated when ``per`` is not
    ``total`` and ``n_administrations`` is known. ``reason`` explains a None ``value``."""
    if value is None:
        return HarmonizedDose(None, None, None, f"no dose value: {reason or 'not stated'}")
    weight, how = _weight(species, age_group, stated_weight, animal)
    if unit == "cells/kg":
        per_kg = value
        per_head = convert_dose(value, unit, "cells/head", weight) if weight else None
    else:
        per_head = value
        per_kg = convert_dose(value, unit, "cells/kg", weight) if weight else None
    other = "cells/head" if unit == "cells/kg" else "cells/kg"
    conversion = f"reported {unit}; {other} via {how}" if weight else f"reported {unit} only; {how}"
    if per == "total":
        return HarmonizedDose(per_kg, per_head, weight, conversion, per_kg, per_head)
    if n_administrations:
        plural = "" if n_administrations == 1 else "s"
        conversion += f"; cumulative over {n_administrations} administration{plural}"
        return HarmonizedDose(per_kg, per_head, weight, conversion,
                              per_kg * n_administrations if per_kg is not None else None,
                              per_head * n_administrations if per_head is not None else None)
    return HarmonizedDose(per_kg, per_head, weight, conversion)


def harmonize_dose(dose: Fact, facts: list[Fact], raw_text: str,
                   n_administrations: int | None = None) -> HarmonizedDose:
    """Harmonize a ``dose`` fact with the ``body_weight_kg`` and ``age_group`` facts of its
    population (from ``extract/body_weight.py``) found among ``facts``."""
    attrs = dose.attrs or {}
    own = [f for f in facts if f.population == dose.population]
    weight = next((f for f in own if f.field == "body_weight_kg"), None)
    age = next((f for f in own if f.field == "age_group"), None)
    stated = StatedWeight(weight.value, raw_text[weight.start:weight.end]) if weight else None
    return harmonize(dose.value, attrs.get("unit", "cells/head"), dose.population,
                     age.value if age else None, stated, n_administrations, attrs.get("per"),
                     attrs.get("animal"), attrs.get("repair_reason"))
