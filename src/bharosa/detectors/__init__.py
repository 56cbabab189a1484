"""Detectors turn a Document into raw matches; none reads files, prints or formats output."""

from bharosa.detectors.match import Match

__all__ = ["Match"]
