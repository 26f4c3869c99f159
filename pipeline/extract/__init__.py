"""Extractors: one module per fact family, each ``extract(doc: CleanDocument) -> list[Fact]``.

| module | facts (``Fact.field``) |
| --- | --- |
| bibliography | title, journal, year, doi, pmid (document level) |
| registries | registration (value = canonical id, attrs.registry) |
| species | species (one fact per study population, primary first) |
| condition | condition (attrs.ontology_id) |
| phase | phase (attrs.aact_phase) |
| design | design_flag (one fact per flag) |
| cell_source, donor, route | cell_source, donor, route |
| counts | n_enrolled, n_cell_treated, n_control |
| administrations | n_infusions, schedule |
| follow_up | follow_up_days (attrs.text) |
| adverse_events | adverse_event (attrs.grade) |
| outcomes | outcome (attrs.measure, baseline, follow_up_value, p_value) |
| doses | dose (attrs.unit, exponent_repaired, ...) |
| body_weight | body_weight_kg, age_group (per population) |
"""

from __future__ import annotations

from pipeline.extract import (
    administrations,
    adverse_events,
    bibliography,
    body_weight,
    cell_source,
    condition,
    counts,
    design,
    donor,
    doses,
    follow_up,
    outcomes,
    phase,
    registries,
    route,
    species,
)
from pipeline.model import CleanDocument, Fact

EXTRACTORS = {
    "bibliography": bibliography.extract,
    "registries": registries.extract,
    "species": species.extract,
    "condition": condition.extract,
    "phase": phase.extract,
    "design": design.extract,
    "cell_source": cell_source.extract,
    "donor": donor.extract,
    "route": route.extract,
    "counts": counts.extract,
    "administrations": administrations.extract,
    "follow_up": follow_up.extract,
    "adverse_events": adverse_events.extract,
    "outcomes": outcomes.extract,
    "doses": doses.extract,
    "body_weight": body_weight.extract,
}


def extract_all(doc: CleanDocument) -> list[Fact]:
    """Every fact every extractor finds in ``doc``."""
    facts: list[Fact] = []
    for extractor in EXTRACTORS.values():
        facts.extend(extractor(doc))
    return facts
