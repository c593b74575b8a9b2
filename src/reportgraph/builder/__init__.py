"""The build: article files in; their entities, claims and provenance in the store out.

``run.build`` runs the stages in this order (``ReportGraph.build`` calls it):

1. read (``reading``): the input files one at a time; a document the store already holds counts
   as unchanged, a file or JSONL line that cannot be read becomes a ``Failure``.
   ``progress.Tally`` counts what each document came to and reports it to the progress callback.
2. extract (``extraction``): load the spaCy pipeline and the lexicons (with the user's event
   types, read and checked before anything else) once, then extract each new document, in
   input order, in this process or in forked parse ``workers``; a document that fails is a
   ``Failure``. With ``cluster`` (``--cluster``), Dask workers parse and extract instead
   (``cluster``, with ``cluster_tasks`` on the workers), and results come back as batches
   finish.
3. write (``writer``): each document's quads from a background thread, in input order, each
   document whole or not at all; after each write group, its claims index rows
   (``index_rows``, made from the extraction where it was made).
4. record the failures: the store's build-failures graph is replaced by this build's failures.
5. resolve (``resolving``): entities across all documents; the resolution graph is replaced
   (``ReportGraph.remove`` runs this stage too).
6. report: the counts, as a ``rows.BuildReport``.

The store's locks and the snapshots readers see belong to the store (``rdf/store.py``,
``rdf/snapshot.py``), which every writer and reader opens, not to the build.
"""

from reportgraph.builder.progress import BuildProgress, ProgressCallback
from reportgraph.builder.resolving import resolve_store
from reportgraph.builder.run import build

__all__ = ["BuildProgress", "ProgressCallback", "build", "resolve_store"]
