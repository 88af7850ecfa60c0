"""Widgets shared by every screen: the message bar, big buttons, the search box."""

from ui.widgets.big_button import BigButton
from ui.widgets.message_bar import MessageBar, MessageLevel
from ui.widgets.search_box import SearchBox

__all__ = ["BigButton", "MessageBar", "MessageLevel", "SearchBox"]
