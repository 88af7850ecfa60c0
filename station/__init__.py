"""The SkillStation application: services, storage and the command line.

Importing this package imports nothing else, so that ``skillstation --version`` and the
command-line parser start fast; each command loads what it needs when it runs.
"""
