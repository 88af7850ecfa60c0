"""The ``skillstation`` subcommands, one pair of modules per group of commands.

``<module>_args.py`` declares the group's commands (names, help texts, arguments, the
dotted name of each handler) and stays cheap to import: :mod:`station.cli` builds the
parser from it. ``<module>.py`` beside it holds the handlers, each
``handler(args: argparse.Namespace) -> int``, imported only when its command runs.
"""
