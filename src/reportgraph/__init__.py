"""reportgraph: a provenance-first knowledge graph of what news texts report."""

from reportgraph.errors import ReportgraphError

__version__ = "0.1.0"
__all__ = ["ReportgraphError", "__version__"]
