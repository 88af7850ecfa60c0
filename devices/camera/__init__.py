"""Cameras: capturing frames, recording them with timestamps, reading them back.

Plain Python on OpenCV: nothing here knows Qt, exams or the database. The pieces, each
in its own module (nothing is imported here, so that ``import devices.camera`` stays
free of OpenCV until a module that needs it is imported):

- :mod:`devices.camera.source` — opening a camera by URL (``camera://N``, a video file,
  ``sim://camera``);
- :mod:`devices.camera.sim` — the simulated camera: a deterministic moving scene with a
  frame counter drawn in;
- :mod:`devices.camera.frames` — one thread per camera, frames with host monotonic
  timestamps into bounded rings;
- :mod:`devices.camera.video_recorder` — writing frames to AVI (MJPG) or MP4 (mp4v) with a
  timestamp sidecar, markers, disk checks and segments;
- :mod:`devices.camera.rate` and :mod:`devices.camera.synth` — the compression rate
  measured from a video, and synthetic test videos;
- :mod:`devices.camera.live_rate` — the compression rate from a live camera, frame by
  frame, on a thread of its own;
- :mod:`devices.camera.qr` — reading badges' QR codes.

docs/camera.md tells how they fit together.
"""
