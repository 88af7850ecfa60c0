"""The simulation scenario console: the operator's view, the simulated patient monitor
and the scenario session they share."""

from ui.scenario.console import OperatorView, ScenarioConsole
from ui.scenario.monitor import MonitorWindow, PatientMonitor
from ui.scenario.session import LogLine, ScenarioSession

__all__ = [
    "LogLine",
    "MonitorWindow",
    "OperatorView",
    "PatientMonitor",
    "ScenarioConsole",
    "ScenarioSession",
]
