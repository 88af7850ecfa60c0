"""The debrief player's picture: the frame, scaled to fit, or a message in its place."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["VideoView"]


class VideoView(QWidget):
    """The frame, scaled to fit with its aspect ratio kept, or a message in its place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefVideo")
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.image: QImage | None = None
        self.message = ""

    def sizeHint(self) -> QSize:
        return QSize(640, 400)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.message = ""
        self.update()

    def set_message(self, text: str, *, keep_image: bool = False) -> None:
        self.message = text
        if not keep_image:
            self.image = None
        self.setAccessibleDescription(text)
        self.update()

    def image_rect(self) -> QRectF:
        """Where the frame is drawn (centred, aspect ratio kept)."""
        if self.image is None or self.image.isNull():
            return QRectF()
        w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        dw, dh = w * scale, h * scale
        return QRectF((self.width() - dw) / 2, (self.height() - dh) / 2, dw, dh)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#101010"))
        if self.image is not None and not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.image_rect(), self.image)
        if self.message:
            box = QRectF(self.rect()).adjusted(24, 24, -24, -24)
            if self.image is not None:
                box.setTop(box.bottom() - 80)
                painter.fillRect(box, QColor(0, 0, 0, 180))
            painter.setPen(QColor("#FFFFFF"))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)
            painter.setFont(font)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message
            )
        painter.end()
