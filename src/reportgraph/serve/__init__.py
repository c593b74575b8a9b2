"""``reportgraph serve``: one local, read-only web server over a store.

- ``server``: start-up (listen, reconcile the claims index, check it), Datasette over the
  claims index, and the web server
- ``binding``: the listening socket, loopback addresses and the warning for any other
- ``host_guard``: requests addressed to another name (DNS rebinding) get 421
- ``metadata``: Datasette's facets, search and hidden tables (docs/serve.md)
- ``sparql/``: the SPARQL 1.1 Protocol endpoint at ``/sparql``: ``plugin`` (the Datasette
  plugin), ``protocol`` (a query request from GET, a form POST or an
  ``application/sparql-query`` body; updates refused), ``negotiation`` (the format from the
  Accept header), ``runner`` (queries one at a time, off the event loop, in a child process
  stopped at the time limit, on the store's newest snapshot), ``answers`` (what the child sends
  back), ``query_page`` (+ ``templates/``: the HTML form and results table)
- ``pages/``: the explorer's pages, each with a JSON twin: ``plugin`` (the Datasette plugin and
  its routes), ``entity``, ``claim``, ``ledger``, ``map`` (each page's data; the network page
  is ``views``'), ``index_access`` (the claims index opened read-only), ``links`` (page URLs
  made only from ids), ``cells`` (table cells linking to the pages)

Importing this package loads nothing: Datasette and uvicorn are imported by ``server`` alone,
so the other commands do not pay for them.
"""
