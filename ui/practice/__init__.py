"""The trainee's practice station: live CPR feedback from the manikin, self-assessment
against a checklist, the summary of each attempt and the history of attempts."""

from ui.practice.station import PracticeStation

__all__ = ["PracticeStation"]
