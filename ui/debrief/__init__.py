"""Debriefing: play a recording back with its checklist marks, markers, scenario events
and CPR trace on one timeline."""

from ui.debrief.player import DebriefPlayer, open_player

__all__ = ["DebriefPlayer", "open_player"]
