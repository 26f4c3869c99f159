"""Ingest layer: the seeds folder as one frame of raw documents."""

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, frame_metadata, layer_tags, table_schema
from assets.resources import PipelinePaths
from checks.asset_checks import schema_check_result, schema_check_spec, validation_memo
from pipeline import batch
from pipeline.schema import RAW_DOCUMENTS
from pipeline.versions import code_version

# the row of a usable seed follows from its path, its bytes and this code; rejected rows (a
# duplicate's reason names the first copy) are not among the documents a validation record stands
# for (``batch.document_keys``), so they are validated every run
RAW_ROWS_VERSION = code_version("pipeline.ingest", "pipeline.seed_memo", "pipeline.batch")


@dg.asset(
    group_name="ingest",
    kinds={"polars", "pandera"},
    owners=OWNERS,
    tags=layer_tags("raw"),
    metadata={"dagster/column_schema": table_schema(RAW_DOCUMENTS)},
    code_version=RAW_ROWS_VERSION,
    check_specs=[schema_check_spec("raw_documents")],
    description="One row per seed file: doc_id, source_file, content_sha256, raw_text as decoded "
                "and the decoding used. Unusable files (empty, binary, too large, duplicate, "
                "symlink out of the folder) are kept as rejected rows with the reason. A file "
                "untouched since the last read (same inode, size, mtime and ctime) is not "
                "read again.",
)
def raw_documents(context: dg.AssetExecutionContext, paths: PipelinePaths):
    frame, stats = batch.read_seeds_incremental(paths.seeds, paths.max_seed_bytes, paths.memo_dir)
    context.log.info(f"read {stats.documents_processed} seeds, took {stats.documents_reused} "
                     f"untouched since the last read from it")
    rejected = frame.filter(pl.col("status") == "rejected")
    for source_file, reason in rejected.select("source_file", "reject_reason").iter_rows():
        context.log.warning(f"rejected seed {source_file}: {reason}")
    yield dg.Output(frame, metadata=frame_metadata(
        frame, seeds_dir=str(paths.seeds), documents_ok=frame.height - rejected.height,
        documents_rejected=rejected.height, documents_read=stats.documents_processed,
        documents_reused=stats.documents_reused))
    yield schema_check_result("raw_documents", frame, memo=validation_memo(
        paths.memo_dir, "raw_documents", RAW_ROWS_VERSION, batch.document_keys(frame)))
