"""``python -m reportgraph.cli``: the ``reportgraph`` command."""

from reportgraph.cli.app import main

if __name__ == "__main__":  # pragma: no cover
    main()
