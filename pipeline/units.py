"""Physical units of doses and body weights: one pint registry with a ``cell`` dimension.

A cell dose is either a count of cells given to one subject (``cells/head``, the pint unit
``cell``) or a count per kilogram of body weight (``cells/kg``, ``cell / kilogram``); a body
weight converts one into the other. Body weights arrive in g, kg or lb and are converted here.

What belongs here: the registry, the two dose units and conversions through a body weight.
What does not: reading numbers from text (``dose_notation.py``) and choosing which body weight
applies to a dose (``harmonize.py``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pint



def _registry(cache_folder: str | Path = ":auto:") -> pint.UnitRegistry:
    """pint reads its unit definitions file at every start (about 0.2 s, paid by every
    process that imports this module); its disk cache in the user's cache folder
    (platformdirs' ``pint`` folder, keyed by the definitions' content) takes that to 0.03 s.
    The cache only saves time: if it cannot be written or read (a read-only home, a file
    another process is still writing), the definitions are parsed as without it."""
    try:
        return pint.UnitRegistry(cache_folder=cache_folder)
    except Exception:  # any failure of the cache, whatever pint or flexcache raises
        return pint.UnitRegistry()


UREG = _registry()
# cells are counted, not measured: a base dimension of their own keeps a count of cells from
# ever being added to, or converted into, a dimensionless number
UREG.define("cell = [cell_count] = _ = cells")

CELLS = UREG.cell
CELLS_PER_KG = UREG.cell / UREG.kilogram
KILOGRAM = UREG.kilogram

# the warehouse's dose_unit values and the pint unit each stands for
DOSE_UNITS: dict[str, pint.Unit] = {"cells/kg": CELLS_PER_KG, "cells/head": CELLS}


def dose_quantity(value: float, unit: str) -> pint.Quantity:
    """A dose as a pint quantity; ``unit`` is ``cells/kg`` or ``cells/head``."""
    return UREG.Quantity(value, DOSE_UNITS[unit])


def to_kilograms(value: float, unit: str) -> float:
    """A mass written with ``unit`` (``g``, ``kg``, ``lb``, ...) in kilograms."""
    return UREG.Quantity(value, unit).to(KILOGRAM).magnitude


@cache
def _through_weight(unit: str, target: str) -> float:
    """One ``unit`` times (cells/kg) or divided by (cells/head) one kilogram, in ``target``:
    pint derives the factor once, so converting a warehouse of doses is plain arithmetic."""
    dose = dose_quantity(1.0, unit)
    kilogram = UREG.Quantity(1.0, KILOGRAM)
    converted = dose * kilogram if unit == "cells/kg" else dose / kilogram
    return converted.to(DOSE_UNITS[target]).magnitude


def convert_dose(value: float, unit: str, target: str, body_weight_kg: float) -> float:
    """``value`` in ``unit`` expressed in ``target`` through a body weight in kilograms."""
    if unit == target:
        return value
    factor = _through_weight(unit, target)
    if unit == "cells/kg":
        return value * body_weight_kg * factor
    return value / body_weight_kg * factor
