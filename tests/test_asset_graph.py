"""The code location as Dagster loads it: groups, descriptions and dependency edges."""

from __future__ import annotations

import gc

import dagster as dg

from assets.definitions import defs

EXPECTED_EDGES = {
    "cleaned_documents": {"raw_documents"},
    "trial_facts": {"raw_documents", "cleaned_documents"},
    "dose_mentions": {"raw_documents", "cleaned_documents"},
    "harmonized_doses": {"raw_documents", "dose_mentions", "trial_facts", "evidence"},
    "warehouse/documents": {"raw_documents", "document_facts"},
    "warehouse/doses": {"harmonized_doses"},
    "warehouse/trials": {"trial_facts"},
    "warehouse/evidence": {"evidence"},
    "warehouse/adverse_events": {"adverse_event_mentions"},
    "warehouse/trial_registrations": {"registrations"},
}


def _graph():
    return defs.resolve_asset_graph()


def test_every_asset_has_a_group_and_description():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name and node.group_name != "default", key
        assert node.description, key


def test_dependency_edges():
    graph = _graph()
    for child, parents in EXPECTED_EDGES.items():
        got = {p.to_user_string() for p in graph.get(dg.AssetKey.from_user_string(child)).parent_keys}
        assert got == parents, child


def test_loading_the_location_leaves_the_cycle_collector_on():
    # definitions.py pauses it while the location loads
    assert gc.isenabled()


def test_layers_are_visible_in_groups():
    graph = _graph()
    groups = {graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert {"ingest", "clean", "extract", "harmonize", "warehouse"} <= groups


def test_every_asset_has_kinds_owner_and_code_version():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.kinds, key
        assert node.owners, key
        assert node.code_version, key


def test_published_columns_trace_to_upstream_columns():
    graph = _graph()
    for key in graph.get_all_asset_keys():
        if key.path[0] != "warehouse":
            continue
        node = graph.get(key)
        lineage = node.metadata["dagster/column_lineage"]
        columns = [c.name for c in node.metadata["dagster/column_schema"].columns]
        assert set(lineage.deps_by_column) == set(columns), key
        for deps in lineage.deps_by_column.values():
            for dep in deps:
                assert dep.asset_key in node.parent_keys, (key, dep)
