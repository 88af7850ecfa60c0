"""Warnings that the application shows in the user's language: see :mod:`devices.messages`."""

from __future__ import annotations

from devices.messages import Message, translated

__all__ = ["Message", "translated"]
