"""Simulated devices: a manikin whose every compression and breath is known.

:mod:`devices.sim.manikin` generates the signal and its ground truth,
:mod:`devices.sim.firmware` speaks the protocol from it, and :mod:`devices.sim.pty` puts
that firmware behind a pseudo-terminal. The in-process ``sim://`` transport lives with
the other transports (:mod:`devices.transport`). Nothing is imported here.
"""
