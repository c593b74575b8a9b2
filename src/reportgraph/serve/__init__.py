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

Importing this package loads nothing: Datasette and uvicorn are imported by ``server`` alone,
so the other commands do not pay for them.
"""
