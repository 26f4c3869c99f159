"""Published SQL views: the common questions, answered once, on top of the contract tables.

Each view is ``name -> (description, SELECT ...)``; ``warehouse.py`` creates them in every
published file. Views only read published tables, so they follow every run for free.
"""

from __future__ import annotations

VIEWS: dict[str, tuple[str, str]] = {
    "dose_comparison": (
        "Per condition and species, every dose level harmonized to cells/kg and cells per "
        "subject, with how it was converted; ready to compare a mouse dose with a human one.",
        """
        SELECT t.condition, d.species, d.cells_per_kg, d.cells_per_head, d.dose_value,
               d.dose_unit, d.body_weight_kg, d.conversion, d.exponent_repaired, d.dose_text,
               d.doc_id, d.trial_id, doc.title, t.phase, t.route, t.cell_source
        FROM doses d
        LEFT JOIN trials t ON t.trial_id = d.trial_id
        LEFT JOIN documents doc ON doc.doc_id = d.doc_id
        ORDER BY t.condition NULLS LAST, d.species, d.cells_per_kg NULLS LAST
        """,
    ),
}
