"""Reading CPR manikins and DIY sensor boards over serial links.

Plain Python: this package knows nothing of exams, stations or the GUI, and imports
none of them. The pieces, each in its own module (nothing is imported here, so that
``import devices`` stays free):

- :mod:`devices.sample` — the :class:`~devices.sample.Sample` every consumer sees;
- :mod:`devices.protocol` — the open line protocol (docs/protocol.md);
- :mod:`devices.plainlines` — boards that print bare numbers;
- :mod:`devices.transport` — opening a device by URL (ports, ``usb:``, ``sim://``,
  ``replay://``, pyserial's URLs);
- :mod:`devices.reader` — one thread per device: handshake, decoding, reconnecting;
- :mod:`devices.ring` — bounded buffers between that thread and its consumers;
- :mod:`devices.trace_recorder` — a consumer that writes trace files (the only one);
- :mod:`devices.trace_capture` — a CPR session or a screen's CPR segment recorded with it;
- :mod:`devices.trace` — the trace file format, written and read back;
- :mod:`devices.ports` — the serial ports present, by USB identity;
- :mod:`devices.sim` — the simulated manikin, in process or on a pseudo-terminal.

docs/devices.md tells how they fit together.
"""
