"""What the desktop station and scripts use of the storage layer: opening the database,
where it lives, the errors it raises and the audit verification's result.

``ui`` never imports :mod:`station.storage` (an import contract in pyproject.toml says
so): reads and writes go through the services, and the few storage names the shell needs
to start (the database to open, the data folder, the error family to show as a message)
come from here, so a change inside storage stays inside station.
"""

from __future__ import annotations

from station.storage.audit import VerifyResult
from station.storage.engine import Database, open_database
from station.storage.errors import StorageError
from station.storage.paths import data_dir

__all__ = ["Database", "StorageError", "VerifyResult", "data_dir", "open_database"]
