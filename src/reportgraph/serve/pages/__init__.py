"""reportgraph's own pages over the claims index and the store: entity, claim, ledger, map and
network, each with a JSON twin; and the table cells that link to them."""
