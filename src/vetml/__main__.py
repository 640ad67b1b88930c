"""``python -m vetml`` runs the CLI."""

from vetml.cli import main

main()
