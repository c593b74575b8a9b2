"""The claims index: a SQLite table of claim rows beside the RDF store, for the reads analysts
make most (claims by kind, source or entity; later the ledger, counts and search).

The RDF store stays the truth. The index is derived: :mod:`.sync` reconciles it with the store
(documents added or gone, a new resolution), ``reportgraph check`` reports differences and
``reportgraph reindex`` rebuilds it. See :mod:`.schema` for the tables.
"""

from reportgraph.claims_index.database import ClaimsIndex, index_path
from reportgraph.claims_index.sync import Sync, reconcile

__all__ = ["ClaimsIndex", "Sync", "index_path", "reconcile"]
