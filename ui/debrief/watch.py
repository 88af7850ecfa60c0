"""Which attempts or encounters have a recording, and the player windows opened on them:
what a history list needs for its "Watch" button."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from station.services.media import MediaInfo
    from ui.context import AppContext
    from ui.debrief.player import DebriefPlayer

__all__ = ["Recordings"]


class Recordings(QObject):
    """The signed-in user's recordings by practice attempt and by encounter (the newest
    of each), read through the service worker; :meth:`watch` opens one in a player
    window and :meth:`shutdown` closes them all."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.by_attempt: dict[str, MediaInfo] = {}
        self.by_encounter: dict[str, MediaInfo] = {}
        self.players: list[DebriefPlayer] = []

    def refresh(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self.ctx.worker.submit(
            lambda s: s.media.list_media(actor, include_deleted=True), on_done=self._loaded
        )

    def _loaded(self, media: list[MediaInfo]) -> None:
        self.by_attempt.clear()
        self.by_encounter.clear()
        for info in sorted(media, key=lambda m: m.started_at):  # the newest wins
            if info.attempt_id is not None:
                self.by_attempt[info.attempt_id] = info
            if info.encounter_id is not None:
                self.by_encounter[info.encounter_id] = info
        self.changed.emit()

    def watch(self, media: MediaInfo, parent: QWidget) -> DebriefPlayer:
        from ui.debrief.player import open_player

        player = open_player(self.ctx, media, parent)
        self.players.append(player)
        player.destroyed.connect(lambda _obj=None, p=player: self._forget(p))
        return player

    def _forget(self, player: DebriefPlayer) -> None:
        if player in self.players:
            self.players.remove(player)

    def shutdown(self) -> None:
        for player in list(self.players):
            player.shutdown()
            player.close()
        self.players.clear()
