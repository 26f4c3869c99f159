"""Published SQL views: the common questions, answered once, on top of the contract tables.

Each view is ``name -> (description, SELECT ...)``; ``warehouse.py`` creates them in every
published file. Views only read published tables, so they follow every run for free.
"""

from __future__ import annotations

VIEWS: dict[str, tuple[str, str]] = {
    "trial_summary": (
        "One row per trial: registry ids, condition, phase, cell source, donor, route, subjects, "
        "the range of harmonized doses in cells/kg and the adverse events seen.",
        """
        SELECT t.trial_id, t.doc_id, doc.title, doc.year, doc.doi, t.nct_id,
               (SELECT list(r.registration_id ORDER BY r.registration_id)
                  FROM trial_registrations r WHERE r.doc_id = t.doc_id) AS registration_ids,
               t.species, t.condition, t.condition_id, t.phase, t.phase_aact, t.design_flags,
               t.cell_source, t.donor, t.route, t.n_enrolled, t.n_cell_treated, t.n_control,
               t.n_infusions, t.follow_up_days,
               (SELECT min(d.cells_per_kg) FROM doses d WHERE d.trial_id = t.trial_id)
                   AS min_cells_per_kg,
               (SELECT max(d.cells_per_kg) FROM doses d WHERE d.trial_id = t.trial_id)
                   AS max_cells_per_kg,
               (SELECT list(DISTINCT a.event ORDER BY a.event)
                  FROM adverse_events a WHERE a.trial_id = t.trial_id) AS adverse_events
        FROM trials t
        JOIN documents doc ON doc.doc_id = t.doc_id AND doc.status = 'ok'
        ORDER BY t.trial_id
        """,
    ),
    "adverse_events_by_dose": (
        "Each adverse event beside every dose level of the same trial (a trial with two dose "
        "levels lists each event twice), to ask which events were seen at which dose.",
        """
        SELECT a.doc_id, a.trial_id, t.condition, t.species, a.event, a.grade, a.n_patients,
               d.dose_value, d.dose_unit, d.cells_per_kg, d.cells_per_head, d.dose_text
        FROM adverse_events a
        JOIN trials t ON t.trial_id = a.trial_id
        LEFT JOIN doses d ON d.trial_id = a.trial_id
        ORDER BY a.trial_id, a.event, d.cells_per_kg NULLS LAST
        """,
    ),
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
