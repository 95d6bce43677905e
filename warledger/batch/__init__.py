"""batch: extraction of many documents on a Dask cluster, into Parquet shards a ledger loads.

``run_batch(inputs, out, scheduler="local")`` partitions the inputs (JSONL, Parquet, folders of
text and HTML files), extracts each partition on a Dask worker and writes Parquet shards of
articles, events and claims with a manifest (resumable: a re-run skips finished partitions).
``load_batch(ledger, out)`` stores them in a ledger (SQLite or PostgreSQL). Needs the
``batch`` extra (dask, distributed) to run; reading shards needs only pyarrow.
"""

from .load import load_batch
from .run import BatchSummary, run_batch
from .shards import is_batch_dir, read_partition

__all__ = ["BatchSummary", "is_batch_dir", "load_batch", "read_partition", "run_batch"]
