"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: requests, formats, the query runner and
the plain query page."""
