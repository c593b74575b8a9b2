"""``reportgraph serve``: one local, read-only web server over a store.

- ``server``: start-up (listen, reconcile the claims index, check it), Datasette over the
  claims index, and the web server
- ``binding``: the listening socket, loopback addresses and the warning for any other
- ``plugin``: the Datasette plugin that adds ``/sparql`` (SPARQL 1.1 Protocol)
- ``protocol``: a query request read from GET, a form POST or an ``application/sparql-query``
  body; updates refused
- ``negotiation``: the answer's format from the Accept header
- ``runner``: queries one at a time, off the event loop, in a child process stopped at the
  time limit, on the store's newest snapshot
- ``answers``: what the child sends back: the serialized answer, or a table for the page
- ``query_page`` (+ ``templates/``): the HTML form and results table for a browser
- ``pages``: the Datasette plugin of the explorer's pages (each with a JSON twin) and the table
  cells linking to them; ``entity_page``, ``claim_page``, ``ledger_page``, ``map_page``: each
  page's data; ``index_access``: the claims index opened read-only; ``links``: page URLs made
  only from ids; ``cells``: the linked cells; ``metadata``: Datasette's facets, search and
  hidden tables (docs/serve.md)

Importing this package loads nothing: Datasette and uvicorn are imported by ``server`` alone,
so the other commands do not pay for them.
"""
