"""The warehouse schema: one source of truth for every published table.

Names, logical types, nullability, enumerations, ranges and descriptions are declared once
here; the DuckDB DDL and ``COMMENT ON`` statements (``warehouse.py``), the pandera schemas
(``checks/``) and the data dictionary are all generated from it, so they never disagree.
The columns of ``shared/warehouse_contract.md`` are the public interface: never rename or drop
them without a versioned migration. Extra columns are additions users asked for.

What does not belong here: how values are computed (see ``assemble.py``, ``harmonize.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

SPECIES = ("human", "mouse", "rat", "dog", "other")
CELL_SOURCES = ("bone marrow", "adipose", "umbilical cord", "umbilical cord blood", "placenta",
                "dental pulp", "menstrual blood", "other")
DONORS = ("allogeneic", "autologous")
ROUTES = ("intravenous", "intra-arterial", "intrathecal", "intramyocardial", "intra-articular",
          "subcutaneous", "local injection", "intraperitoneal", "other")
DESIGN_FLAGS = ("randomized", "non-randomized", "open-label", "double-blind", "placebo-controlled",
                "single-arm", "dose-escalation", "controlled", "multicenter", "single-center")
DOSE_UNITS = ("cells/kg", "cells/head")
DOC_STATUSES = ("ok", "rejected")
AACT_PHASES = ("EARLY_PHASE1", "PHASE1", "PHASE1/PHASE2", "PHASE2", "PHASE2/PHASE3", "PHASE3",
               "PHASE4", "NA")
PHASE_PATTERN = r"^[1-4][ab]?(/[1-4][ab]?)?$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

_POLARS = {
    "str": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean,
    "str[]": pl.List(pl.String),
}
_DUCKDB = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN",
           "str[]": "VARCHAR[]"}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: str  # one of _POLARS
    description: str
    nullable: bool = True
    enum: tuple[str, ...] | None = None
    ge: float | None = None
    le: float | None = None
    pattern: str | None = None
    unique: bool = False
    duckdb_type: str | None = None  # when the contract asks for a narrower type

    @property
    def polars_dtype(self) -> pl.DataType:
        return _POLARS[self.dtype]

    @property
    def sql_type(self) -> str:
        return self.duckdb_type or _DUCKDB[self.dtype]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.polars_dtype for c in self.columns}

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema)

    def frame(self, rows: list[dict]) -> pl.DataFrame:
        """Rows (dicts) as a frame with exactly this table's columns and types."""
        if not rows:
            return self.empty_frame()
        return pl.DataFrame(
            {c.name: [row.get(c.name) for row in rows] for c in self.columns},
            schema=self.polars_schema,
        )


C = Column
DOC_ID = C("doc_id", "str", "Stable id of the seed file (digest of its path in the seeds folder).",
           nullable=False)
TRIAL_ID = C("trial_id", "str", "The study population this row belongs to (`<doc_id>:<species>`).")
CHAR_START = C("char_start", "int", "0-based code-point offset in documents.raw_text where the "
               "supporting text starts.", ge=0, duckdb_type="INTEGER")
CHAR_END = C("char_end", "int", "Offset where the supporting text ends (exclusive).", ge=0,
             duckdb_type="INTEGER")

DOCUMENTS = Table(
    "documents",
    "One row per seed file currently in the seeds folder, usable or not.",
    (
        C("doc_id", "str", DOC_ID.description, nullable=False, unique=True),
        C("source_file", "str", "Path relative to the seeds folder.", nullable=False, unique=True),
        C("content_sha256", "str", "Hex SHA-256 of the file's bytes (empty when unreadable).",
          nullable=False),
        C("status", "str", "`ok`, or `rejected` when the file could not be used.", nullable=False,
          enum=DOC_STATUSES),
        C("reject_reason", "str", "Why the file was rejected; NULL when ok."),
        C("raw_text", "str", "The file's text as decoded; all offsets point into it."),
        C("clean_text", "str", "The study text (title and abstract) with portal boilerplate, "
          "related-paper lists and translated copies removed."),
        C("title", "str", "Title of the paper or registry record."),
        C("journal", "str", "Journal or source name as printed."),
        C("year", "int", "Gregorian publication year.", ge=1900, le=2100, duckdb_type="INTEGER"),
        C("doi", "str", "DOI, lower case and bare (`10.1177/...`).", pattern=DOI_PATTERN),
        C("pmid", "str", "PubMed id when printed.", pattern=r"^\d{1,9}$"),
        C("language", "str", "ISO 639-1 code of the study text's language."),
        C("encoding", "str", "Decoding used to read the file's bytes."),
        C("n_bytes", "int", "Size of the file in bytes.", ge=0),
        C("duplicate_of", "str", "doc_id of the first seed with the same bytes, for duplicates."),
    ),
    primary_key=("doc_id",),
)

DOCUMENT_ZONES = Table(
    "document_zones",
    "Stretches of each page by role (study, metadata, boilerplate, related, translation) and "
    "language, so translated copies and boilerplate stay findable without leaking into facts.",
    (
        DOC_ID,
        C("kind", "str", "Role of the stretch.", nullable=False,
          enum=("study", "metadata", "boilerplate", "related", "translation")),
        C("lang", "str", "ISO 639-1 code of the stretch's language (`und` when unknown)."),
        CHAR_START, CHAR_END,
    ),
)

TRIALS = Table(
    "trials",
    "One row per study population reported in a document (a page with a mouse study and a "
    "human trial has two rows).",
    (
        C("trial_id", "str", TRIAL_ID.description, nullable=False, unique=True),
        DOC_ID,
        C("species", "str", "The subjects of this study; NULL when the page reports facts of a "
          "study without naming its subjects.", enum=SPECIES),
        C("condition", "str", "Normalized disease name, lower case."),
        C("condition_id", "str", "Ontology id of the condition (MeSH) when the vocabulary knows it."),
        C("phase", "str", "Trial phase, normalized (`1`, `1/2`, `2a`, ...); NULL when none is stated.",
          pattern=PHASE_PATTERN),
        C("phase_aact", "str", "Phase in AACT spelling (`PHASE1/PHASE2`) for joins with AACT.",
          enum=AACT_PHASES),
        C("design_flags", "str[]", "Design labels stated in the text (subset of a fixed list)."),
        C("cell_source", "str", "Tissue the MSCs came from.", enum=CELL_SOURCES),
        C("donor", "str", "Donor relation of the cells.", enum=DONORS),
        C("route", "str", "Route of administration of the cells.", enum=ROUTES),
        C("n_enrolled", "int", "Subjects enrolled in total.", ge=0, duckdb_type="INTEGER"),
        C("n_cell_treated", "int", "Subjects who received cells.", ge=0, duckdb_type="INTEGER"),
        C("n_control", "int", "Subjects in control or placebo arms.", ge=0, duckdb_type="INTEGER"),
        C("n_infusions", "int", "Administrations of cells per subject.", ge=0, duckdb_type="INTEGER"),
        C("schedule", "str", "Administration schedule as stated."),
        C("follow_up_days", "float", "Follow-up converted to days.", ge=0),
        C("follow_up_text", "str", "Follow-up as stated."),
        C("age_group", "str", "Age group of the subjects when stated (adult, pediatric, ...)."),
        C("body_weight_kg", "float", "Mean or median body weight of the subjects when stated.", ge=0),
        C("nct_id", "str", "First ClinicalTrials.gov id of the document, for joins with AACT.",
          pattern=r"^NCT\d{8}$"),
    ),
    primary_key=("trial_id",),
)

TRIAL_REGISTRATIONS = Table(
    "trial_registrations",
    "Registry ids stated in a document, in canonical form.",
    (
        DOC_ID,
        C("registry", "str", "Registry name (`ClinicalTrials.gov`, `ChiCTR`, `IRCT`, ...).",
          nullable=False),
        C("registration_id", "str", "Canonical id, e.g. `NCT03174587`.", nullable=False),
        CHAR_START, CHAR_END,
    ),
    primary_key=("doc_id", "registration_id"),
)

DOSES = Table(
    "doses",
    "One row per distinct dose level stated, harmonized to cells/kg and cells per subject.",
    (
        C("dose_id", "str", "Stable id of the dose row.", nullable=False, unique=True),
        DOC_ID,
        TRIAL_ID,
        C("species", "str", "The subjects that dose was given to.", enum=SPECIES),
        C("dose_value", "float", "Number of cells as reported (per kg or per subject); NULL when "
          "the power of ten was lost and could not be repaired.", ge=0),
        C("dose_unit", "str", "`cells/kg` or `cells/head`.", nullable=False, enum=DOSE_UNITS),
        C("dose_text", "str", "The dose phrase exactly as it stands in raw_text.", nullable=False),
        CHAR_START, CHAR_END,
        C("exponent_repaired", "bool", "True when the power of ten was lost in the source and "
          "reconstructed.", nullable=False),
        C("repair_reason", "str", "Why and how the exponent was repaired, or why it was not."),
        C("dose_sd", "float", "Standard deviation when the dose is given as mean ± SD.", ge=0),
        C("per", "str", "`administration` or `total` when stated."),
        C("range_role", "str", "`low`/`high` for a range, `list` for a list of levels."),
        C("cells_per_kg", "float", "Harmonized: cells per kg of body weight.", ge=0),
        C("cells_per_head", "float", "Harmonized: cells per subject.", ge=0),
        C("body_weight_kg", "float", "The body weight used to convert between the two.", ge=0),
        C("conversion", "str", "How the harmonized values were obtained."),
        C("cumulative_cells_per_head", "float", "Cells per subject over all administrations.", ge=0),
    ),
    primary_key=("dose_id",),
)

ADVERSE_EVENTS = Table(
    "adverse_events",
    "Adverse events named as having happened to subjects.",
    (
        DOC_ID, TRIAL_ID,
        C("event", "str", "Lower-case event term, e.g. `diarrhea`.", nullable=False),
        C("grade", "int", "CTCAE grade when stated.", ge=1, le=5, duckdb_type="INTEGER"),
        C("n_patients", "int", "Subjects with the event when stated.", ge=0, duckdb_type="INTEGER"),
        CHAR_START, CHAR_END,
    ),
)

OUTCOMES = Table(
    "outcomes",
    "Efficacy results stated in the text: measure, baseline and follow-up values, p-value.",
    (
        DOC_ID, TRIAL_ID,
        C("measure", "str", "What was measured (e.g. `SLEDAI`).", nullable=False),
        C("baseline", "float", "Value at baseline."),
        C("follow_up_value", "float", "Value at the follow-up time point."),
        C("time_point", "str", "When the follow-up value was measured."),
        C("p_value", "float", "Reported p-value (upper bound for `P < x`).", ge=0, le=1),
        C("direction", "str", "`increase`, `decrease` or `no change` when stated."),
        CHAR_START, CHAR_END,
    ),
)

EVIDENCE = Table(
    "evidence",
    "Why every extracted value is what it is: the supporting span and the rule that produced it.",
    (
        DOC_ID, TRIAL_ID,
        C("table_name", "str", "Table of the value (`trials`, `doses`, ...).", nullable=False),
        C("field", "str", "Column of the value (`phase`, `n_enrolled`, ...).", nullable=False),
        C("value", "str", "The value as stored, as text."),
        CHAR_START, CHAR_END,
        C("evidence_text", "str", "raw_text[char_start:char_end]."),
        C("rule", "str", "Which extractor rule produced it.", nullable=False),
        C("note", "str", "Repair or inference note, when there is one."),
    ),
)

PUBLISHED_TABLES: tuple[Table, ...] = (
    DOCUMENTS, DOCUMENT_ZONES, TRIALS, TRIAL_REGISTRATIONS, DOSES, ADVERSE_EVENTS, OUTCOMES,
    EVIDENCE,
)
TABLES = {t.name: t for t in PUBLISHED_TABLES}

# --- intermediate (unpublished) tables, validated between assets -------------------------

RAW_DOCUMENTS = Table(
    "raw_documents",
    "One row per seed file as read from disk.",
    (
        C("doc_id", "str", DOC_ID.description, nullable=False, unique=True),
        C("source_file", "str", "Path relative to the seeds folder.", nullable=False, unique=True),
        C("content_sha256", "str", "Hex SHA-256 of the bytes; empty when the file could not be read.",
          nullable=False, pattern=r"^([0-9a-f]{64})?$"),
        C("n_bytes", "int", "Size in bytes.", nullable=False, ge=0),
        C("status", "str", "`ok` or `rejected`.", nullable=False, enum=DOC_STATUSES),
        C("reject_reason", "str", "Why the file was rejected."),
        C("raw_text", "str", "The decoded text."),
        C("encoding", "str", "Decoding used."),
        C("duplicate_of", "str", "doc_id of the first seed with the same bytes."),
    ),
    primary_key=("doc_id",),
)

DOCUMENT_FACTS = Table(
    "document_facts",
    "Bibliographic facts per document, and any error raised while cleaning or extracting it.",
    (
        C("doc_id", "str", DOC_ID.description, nullable=False, unique=True),
        C("title", "str", "Title."),
        C("journal", "str", "Journal."),
        C("year", "int", "Gregorian publication year.", ge=1900, le=2100),
        C("doi", "str", "DOI, lower case and bare.", pattern=DOI_PATTERN),
        C("pmid", "str", "PubMed id.", pattern=r"^\d{1,9}$"),
        C("language", "str", "Language of the study text."),
        C("clean_text", "str", "Cleaned study text."),
        C("error", "str", "Error raised while cleaning or extracting the document."),
    ),
    primary_key=("doc_id",),
)
