"""Versioned migrations of the published schema.

Every published file carries a ``schema_version`` table listing each migration it includes.
A migration that renames or drops a published column must add a compatibility view (its
``compat_sql``) so that a downstream query written against an older version keeps working;
additions need no view. The contract of ``shared/warehouse_contract.md`` is version 1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    compat_sql: tuple[str, ...] = ()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "warehouse contract v1 (shared/warehouse_contract.md): documents, trials, "
                 "trial_registrations, doses, adverse_events, evidence; plus document_zones, "
                 "outcomes and the views dose_comparison, trial_summary, adverse_events_by_dose"),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
