"""The coordinator's console: exams, the live progress board, results and exclusions,
standard setting and statistics, exports and PDFs, the audit log and the accounts."""

from ui.coordinator.console import CoordinatorConsole

__all__ = ["CoordinatorConsole"]
