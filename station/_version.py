"""The product version, kept apart so that ``skillstation --version`` imports nothing else."""

__version__ = "0.1.0"
