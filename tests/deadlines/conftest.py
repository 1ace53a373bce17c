"""Deadlines are tested on the documents office (a seed government through the real services)."""

from documents.conftest import app, cheap_password_hashes, client, clock, make_office, settings  # noqa: F401
