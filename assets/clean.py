"""Clean layer: repaired study text with boilerplate removed, mapped back to raw offsets."""

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, frame_metadata, layer_tags
from assets.resources import PipelinePaths
from checks.asset_checks import schema_check_result, schema_check_spec, validation_memo
from pipeline import batch


@dg.asset(
    group_name="clean",
    kinds={"polars", "pandera"},
    owners=OWNERS,
    tags=layer_tags("core"),
    code_version=batch.CLEAN_VERSION,
    check_specs=[schema_check_spec("cleaned_documents")],
    description="Each usable document's cleaned text: character damage repaired, portal "
                "boilerplate, related-paper lists and translated copies set aside as zones, "
                "sections segmented; every cleaned character maps back to raw_text. A page whose bytes "
                "and cleaning code are unchanged is reused, not cleaned again.",
)
def cleaned_documents(context: dg.AssetExecutionContext, paths: PipelinePaths,
                      raw_documents: pl.LazyFrame):
    with batch.clean_incremental(raw_documents, paths.memo_dir) as (frame, stats):
        failed = frame.filter(pl.col("error").is_not_null()).select("doc_id", "error").collect()
        for doc_id, error in failed.iter_rows():
            context.log.error(f"{doc_id}: {error}")
        metadata = frame_metadata(
            frame, documents_failed=failed.height, documents_processed=stats.documents_processed,
            documents_reused=stats.documents_reused)
        yield dg.Output(frame, metadata=metadata)
        yield schema_check_result("cleaned_documents", frame, rows=metadata["dagster/row_count"],
                                  memo=validation_memo(paths.memo_dir, "cleaned_documents",
                                                       batch.CLEAN_VERSION, batch.document_keys(raw_documents)))
