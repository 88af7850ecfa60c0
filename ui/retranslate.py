"""Switch every open window to a new language at once.

A widget class that re-sets its texts on ``QEvent.LanguageChange`` (a ``retranslate()``
method) switches by itself. Many texts, though, are set once when a screen is built
(``QPushButton(self.tr("Open exam"))``), and a language chosen in the settings reached
only the header until the next sign-in. :func:`retranslate_windows` closes that gap for
every window: for each text a widget shows, it finds the message it came from in the
catalogue of the language shown until now (the English source itself, or a
translation) and sets that message's text in the new language.

Where one text stands for several messages (the same words in two screens), the message
of the closest enclosing class wins, since ``self.tr`` files a message under the class
that asks for it. Texts built from data ("Signed in: eli (Examiner)") are not messages;
the widgets that show them re-set them themselves, and the screens reload their data on
``language_changed`` so that texts made by the services come back in the new language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTreeView,
    QWidget,
)

from ui.i18n import LANGUAGE_NAMES, SOURCE_LANGUAGE, messages, read_ts, ts_path

#: Shown text -> the (context, source) messages that show as it.
Lookup = dict[str, list[tuple[str, str]]]


@cache
def _lookup(language: str) -> Lookup:
    table: Lookup = {}
    if language == SOURCE_LANGUAGE:
        # The source texts are the same in every catalogue: any one lists them.
        shipped = next((ts_path(code) for code in LANGUAGE_NAMES if ts_path(code).exists()), None)
        pairs: Iterable[tuple[str, str, str]] = (
            ((context, source, source) for context, source, _comment in messages(shipped))
            if shipped is not None
            else ()
        )
    else:
        path = ts_path(language)
        catalogue = read_ts(path) if path.exists() else {}
        pairs = ((c, s, forms[0]) for (c, s, _comment), forms in catalogue.items() if forms)
    for context, source, shown in pairs:
        table.setdefault(shown, []).append((context, source))
    return table


def _contexts(widget: QWidget) -> list[str]:
    """The class names a ``tr`` call could have used for ``widget``'s texts: its own and
    its ancestors' (nearest first), each with its Python base classes."""
    names: list[str] = []
    current: QWidget | None = widget
    while current is not None:
        for cls in type(current).__mro__:
            if cls.__name__ not in names:
                names.append(cls.__name__)
        current = current.parentWidget()
    return names


class _Translator:
    def __init__(self, previous: str) -> None:
        self.lookup = _lookup(previous)
        self.changed = 0

    def text(self, widget: QWidget, shown: str) -> str | None:
        """``shown`` in the language now installed, or None if it is not a message."""
        candidates = self.lookup.get(shown)
        if not shown or not candidates:
            return None
        contexts = _contexts(widget)
        rank = {name: index for index, name in enumerate(contexts)}
        context, source = min(candidates, key=lambda pair: rank.get(pair[0], len(rank)))
        return QCoreApplication.translate(context, source)

    def apply(self, widget: QWidget, shown: str, setter: Callable[[str], object]) -> None:
        new = self.text(widget, shown)
        if new is not None and new != shown:
            setter(new)
            self.changed += 1


def _at(setter: Callable[[int, str], object], index: int) -> Callable[[str], object]:
    """``setter`` with its first argument fixed: a setter of one text."""

    def set_text(text: str) -> object:
        return setter(index, text)

    return set_text


def _retranslate_widget(widget: QWidget, tr: _Translator) -> None:
    if isinstance(widget, QLabel | QAbstractButton):
        tr.apply(widget, widget.text(), widget.setText)
    if isinstance(widget, QGroupBox):
        tr.apply(widget, widget.title(), widget.setTitle)
    if isinstance(widget, QLineEdit):
        tr.apply(widget, widget.placeholderText(), widget.setPlaceholderText)
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            tr.apply(widget, widget.tabText(index), _at(widget.setTabText, index))
            tr.apply(widget, widget.tabToolTip(index), _at(widget.setTabToolTip, index))
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            tr.apply(widget, widget.itemText(index), _at(widget.setItemText, index))
    if isinstance(widget, QTableWidget):
        for column in range(widget.columnCount()):
            item = widget.horizontalHeaderItem(column)
            if item is not None:
                tr.apply(widget, item.text(), item.setText)
    elif isinstance(widget, QTableView | QTreeView):
        header = widget.horizontalHeader() if isinstance(widget, QTableView) else widget.header()
        model = widget.model()
        if model is not None:

            def set_header(column: int, text: str) -> object:
                return model.setHeaderData(column, Qt.Orientation.Horizontal, text)

            for column in range(header.count()):
                shown = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(shown, str):
                    tr.apply(widget, shown, _at(set_header, column))
    tr.apply(widget, widget.toolTip(), widget.setToolTip)
    tr.apply(widget, widget.accessibleName(), widget.setAccessibleName)
    if widget.isWindow():
        tr.apply(widget, widget.windowTitle(), widget.setWindowTitle)


def retranslate_windows(previous: str, roots: Iterable[QWidget] | None = None) -> int:
    """Re-set, in the language now installed, every text that open windows (or
    ``roots``) show in ``previous``; returns how many texts changed."""
    tr = _Translator(previous)
    windows = list(roots) if roots is not None else list(QApplication.topLevelWidgets())
    for window in windows:
        for widget in [window, *window.findChildren(QWidget)]:
            _retranslate_widget(widget, tr)
    return tr.changed
