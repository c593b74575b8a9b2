"""Views of the claim graph: networkx graphs, GraphML files and a self-contained HTML page."""

from reportgraph.views.html import write_network_page
from reportgraph.views.network import neighbourhood, read_graphml, to_networkx, write_graphml

__all__ = ["neighbourhood", "read_graphml", "to_networkx", "write_graphml", "write_network_page"]
