"""Views of the claim graph: networkx graphs, GraphML files and a self-contained HTML page."""

from reportgraph.views.graphml import read_graphml, write_graphml
from reportgraph.views.html import write_network_page
from reportgraph.views.network import neighbourhood, select_claims, to_networkx

__all__ = [
    "neighbourhood",
    "read_graphml",
    "select_claims",
    "to_networkx",
    "write_graphml",
    "write_network_page",
]
