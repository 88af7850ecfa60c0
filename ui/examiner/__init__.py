"""The examiner's station (see docs/examiner.md)."""

from ui.examiner.station import ExaminerStation

__all__ = ["ExaminerStation"]
