"""The handlers of the ``skillstation`` subcommands, one module per group of commands.

Each handler is ``run(args: argparse.Namespace) -> int`` (or another name given in
:mod:`station.cli`) and is imported only when its command runs.
"""
