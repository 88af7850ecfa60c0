"""Reading badge QR codes from camera frames: printed badges rendered from the PDF,
turned and shrunk as a badge held up to a webcam is; the badge payload; debouncing."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest

from assessments.badges import BadgeCode, ForeignCode, badge_payload, read_badge_payload
from devices.camera.qr import (
    CameraError,
    Debouncer,
    Frame,
    QrDecoder,
    QrScanner,
    open_frame_source,
    scan_frames,
)
from reports import render_badges
from reports.model import Badge, BadgeData, ReportHeader

EXAM = "OSCE-1"


def _header() -> ReportHeader:
    return ReportHeader(
        EXAM, "Spring OSCE", date(2026, 3, 2), "en", datetime(2026, 3, 1, tzinfo=UTC)
    )


def _png(pdf: Path, tmp_path: Path, dpi: int = 100) -> Frame:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (.ci/run does)")
    prefix = tmp_path / pdf.stem
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix)], check=True
    )
    image = cv2.imread(f"{prefix}.png")
    assert image is not None
    return np.asarray(image, dtype=np.uint8)


# At 100 dpi, the first card of a page (85 × 55 mm below the running header), and where
# it sits in the frame.
CARD = np.s_[120:350, 65:410]
PLACE = np.s_[125:355, 147:492]


def badge_frame(tmp_path: Path, number: str, exam: str = EXAM) -> Frame:
    """A 640 × 480 webcam-like frame of one printed badge (its card, cropped)."""
    out = tmp_path / f"badge-{exam}-{number}.pdf"
    header = _header()
    if exam != EXAM:
        header = ReportHeader(exam, "Other", None, "en", header.generated_at)
    render_badges(BadgeData(header, (Badge(number, "Ada Lovelace", "A"),)), out)
    page = _png(out, tmp_path)
    # The first card sits at the top left of the A4 page: 85 × 55 mm from the margin.
    card = page[CARD]
    frame = np.full((480, 640, 3), 90, dtype=np.uint8)
    frame[PLACE] = card
    return frame


def _rotate(frame: Frame, degrees: float) -> Frame:
    h, w = frame.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    turned = cv2.warpAffine(frame, matrix, (w, h), borderValue=(90, 90, 90))
    return np.asarray(turned, dtype=np.uint8)


def _scale(frame: Frame, factor: float) -> Frame:
    small = cv2.resize(frame, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    return np.asarray(small, dtype=np.uint8)


def test_a_printed_badge_decodes_to_its_exam_and_candidate(tmp_path: Path) -> None:
    frame = badge_frame(tmp_path, "C-003")
    (text,) = QrDecoder().decode(frame)
    assert read_badge_payload(text) == BadgeCode("C-003", EXAM)


@pytest.mark.parametrize("degrees", [0, 15, 90, 180, -35])
def test_a_turned_badge_still_decodes(tmp_path: Path, degrees: float) -> None:
    frame = _rotate(badge_frame(tmp_path, "C-017"), degrees)
    assert QrDecoder().decode(frame) == (badge_payload(EXAM, "C-017"),)


def test_a_small_far_badge_decodes_through_the_enlarged_pass(tmp_path: Path) -> None:
    frame = _scale(badge_frame(tmp_path, "C-042"), 0.45)  # 288 × 216, modules of ~1.3 px
    plain = cv2.QRCodeDetector()
    assert plain.detectAndDecode(frame)[0] == ""  # too small for the detector as it is
    assert plain.detectAndDecodeMulti(frame)[0] is False
    assert QrDecoder().decode(frame) == (badge_payload(EXAM, "C-042"),)


def test_two_badges_in_one_frame_are_both_read(tmp_path: Path) -> None:
    left = badge_frame(tmp_path, "C-001")[PLACE]
    right = badge_frame(tmp_path, "C-002")[PLACE]
    frame = np.full((400, 800, 3), 90, dtype=np.uint8)
    frame[60:290, 20:365] = left
    frame[60:290, 420:765] = right
    assert set(QrDecoder().decode(frame)) == {
        badge_payload(EXAM, "C-001"),
        badge_payload(EXAM, "C-002"),
    }


def test_a_frame_without_a_code_decodes_to_nothing() -> None:
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 255, size=(240, 320, 3), dtype=np.uint8)
    assert QrDecoder().decode(noise) == ()
    assert QrDecoder().decode(np.zeros((120, 160), dtype=np.uint8)) == ()


def test_payload_round_trips_and_keeps_colons_apart() -> None:
    text = badge_payload("EXAM:2026", "C:7")
    assert text.startswith("skillstation:")
    assert read_badge_payload(text) == BadgeCode("C:7", "EXAM:2026")
    assert read_badge_payload("  C-003 ") == BadgeCode("C-003", None)
    assert read_badge_payload("SkillStation:OSCE-1:C1") == BadgeCode("C1", "OSCE-1")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("https://example.org/c/3", "not a SkillStation badge"),
        ("WIFI:S:lab;T:WPA;P:secret;;", "not a SkillStation badge"),
        ("two words", "not a SkillStation badge"),
        ("", "not a SkillStation badge"),
        ("x" * 65, "not a SkillStation badge"),
        ("skillstation:OSCE-1", "damaged SkillStation badge"),
        ("skillstation:OSCE-1:C1:extra", "damaged SkillStation badge"),
        ("skillstation::C1", "damaged SkillStation badge"),
    ],
)
def test_foreign_codes_are_rejected_with_a_message(text: str, words: str) -> None:
    with pytest.raises(ForeignCode, match=words):
        read_badge_payload(text)


def foreign_frame(text: str) -> Frame:
    """A 640 × 480 frame showing a QR code of ``text`` made by another encoder."""
    code = cv2.QRCodeEncoder.create().encode(text)
    code = cv2.resize(code, None, fx=5, fy=5, interpolation=cv2.INTER_NEAREST)
    code = cv2.copyMakeBorder(code, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    frame = np.full((480, 640, 3), 90, dtype=np.uint8)
    h, w = code.shape[:2]
    frame[40 : 40 + h, 60 : 60 + w] = cv2.cvtColor(code, cv2.COLOR_GRAY2BGR)
    return frame


def test_a_foreign_qr_code_in_a_frame_is_read_and_then_rejected() -> None:
    (text,) = QrDecoder().decode(foreign_frame("https://example.org/"))
    assert text == "https://example.org/"
    with pytest.raises(ForeignCode):
        read_badge_payload(text)


def test_debounce_reports_a_code_once_while_it_stays_in_view() -> None:
    debouncer = Debouncer(forget_after=3)
    seen = [debouncer.feed(codes) for codes in (["A"], ["A"], [], ["A", "B"], ["A"], ["B"])]
    assert seen == [["A"], [], [], ["B"], [], []]
    # Away for more than three frames: shown again, it is reported again.
    for _ in range(4):
        assert debouncer.feed([]) == []
    assert debouncer.feed(["A", "B"]) == ["A", "B"]
    debouncer.reset()
    assert debouncer.feed(["A"]) == ["A"]
    with pytest.raises(ValueError):
        Debouncer(forget_after=0)


def test_a_badge_held_up_for_many_frames_is_reported_once(tmp_path: Path) -> None:
    badge = badge_frame(tmp_path, "C-005")
    empty = np.full_like(badge, 90)
    frames = [empty, badge, badge, _rotate(badge, 5), badge, empty]
    assert scan_frames(frames) == [badge_payload(EXAM, "C-005")]


class ListSource:
    def __init__(self, frames: list[Frame]) -> None:
        self.frames = list(frames)
        self.closed = False

    def read(self) -> Frame | None:
        return self.frames.pop(0) if self.frames else None

    def close(self) -> None:
        self.closed = True


def test_the_scanner_thread_reports_frames_codes_and_the_end(tmp_path: Path) -> None:
    badge = badge_frame(tmp_path, "C-009")
    source = ListSource([badge, badge, np.full_like(badge, 90)])
    frames: list[Frame] = []
    codes: list[str] = []
    ended: list[str] = []
    scanner = QrScanner(lambda: source, frames.append, codes.append, ended.append)
    scanner.start()
    assert scanner.wait(timeout=60)
    assert not scanner.running
    assert len(frames) == 3
    assert codes == [badge_payload(EXAM, "C-009")]
    assert ended == ["the camera stopped sending pictures"]
    assert source.closed


def test_a_camera_that_cannot_open_ends_the_scanner_with_its_message() -> None:
    ended: list[str] = []

    def missing() -> ListSource:
        raise CameraError("cannot open the camera camera://5: check that it is connected")

    scanner = QrScanner(missing, lambda _f: None, lambda _c: None, ended.append)
    scanner.start()
    assert scanner.wait(timeout=60)
    assert ended == ["cannot open the camera camera://5: check that it is connected"]


def test_a_stopped_scanner_ends_quietly_and_closes_its_source() -> None:
    class Endless(ListSource):
        def read(self) -> Frame | None:
            return np.zeros((48, 64, 3), dtype=np.uint8)

    source = Endless([])
    ended: list[str] = []
    scanner = QrScanner(lambda: source, lambda _f: scanner.stop(), lambda _c: None, ended.append)
    scanner.start()
    assert scanner.wait(timeout=60)
    assert ended == [""] and source.closed


def test_camera_urls_that_cannot_open_say_what_to_do(tmp_path: Path) -> None:
    missing = tmp_path / "missing.avi"
    for url, words in (
        ("", "no camera given"),
        ("rtsp://camera.local/stream", "not a camera URL"),
        (str(missing), "no such video file"),
    ):
        with pytest.raises(CameraError, match=words):
            open_frame_source(url)


def test_a_video_file_is_a_frame_source(tmp_path: Path) -> None:
    badge = badge_frame(tmp_path, "C-011")
    path = tmp_path / "badge.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (640, 480))
    for _ in range(3):
        writer.write(badge)
    writer.release()
    source = open_frame_source(str(path), realtime=False)
    frames: list[Frame] = []
    while (frame := source.read()) is not None:
        frames.append(frame)
    source.close()
    assert len(frames) == 3
    assert scan_frames(frames) == [badge_payload(EXAM, "C-011")]
