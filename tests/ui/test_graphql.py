"""The webserver's GraphQL API serves the pipeline's intended asset graph, edge for edge."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.ui, pytest.mark.timeout(420)]

# the pipeline as designed: asset -> the assets it is built from
INTENDED = {
    "raw_documents": (),
    "cleaned_documents": ("raw_documents",),
    "document_facts": ("raw_documents", "cleaned_documents"),
    "trial_facts": ("raw_documents", "cleaned_documents"),
    "dose_mentions": ("raw_documents", "cleaned_documents"),
    "adverse_event_mentions": ("raw_documents", "cleaned_documents"),
    "registrations": ("raw_documents", "cleaned_documents"),
    "outcome_mentions": ("raw_documents", "cleaned_documents"),
    "evidence": ("raw_documents", "cleaned_documents"),
    "document_zones": ("raw_documents", "cleaned_documents"),
    "harmonized_doses": ("raw_documents", "dose_mentions", "trial_facts", "evidence"),
    "warehouse/documents": ("raw_documents", "document_facts"),
    "warehouse/document_zones": ("document_zones",),
    "warehouse/trials": ("trial_facts",),
    "warehouse/trial_registrations": ("registrations",),
    "warehouse/doses": ("harmonized_doses",),
    "warehouse/adverse_events": ("adverse_event_mentions",),
    "warehouse/outcomes": ("outcome_mentions",),
    "warehouse/evidence": ("evidence",),
    "dose_report": ("warehouse/doses", "warehouse/trials", "warehouse/documents"),
}

ASSET_NODES = "{ assetNodes { assetKey { path } dependencyKeys { path } groupName } }"


def _key(path: list[str]) -> str:
    return "/".join(path)


@pytest.fixture(scope="module")
def served(dagster_ui) -> list[dict]:
    return dagster_ui.graphql(ASSET_NODES)["assetNodes"]


def test_every_intended_edge_is_served_and_nothing_else(served):
    expected = {(up, down) for down, ups in INTENDED.items() for up in ups}
    got = {(_key(dep["path"]), _key(node["assetKey"]["path"]))
           for node in served for dep in node["dependencyKeys"]}
    assert sorted(expected - got) == [], "edges missing from the served graph"
    assert sorted(got - expected) == [], "edges the design does not have"


def test_every_intended_asset_is_served_and_nothing_else(served):
    got = {_key(node["assetKey"]["path"]) for node in served}
    assert sorted(set(INTENDED) - got) == []
    assert sorted(got - set(INTENDED)) == []


def test_report_sits_in_its_own_group(served):
    groups = {_key(node["assetKey"]["path"]): node["groupName"] for node in served}
    assert groups["dose_report"] == "report"
    assert {groups[f"warehouse/{name}"] for name in ("doses", "trials", "documents")} == {"warehouse"}
