"""The 待办 tests build governments the way the documents tests do (the real services over the
demo org), and use the web app of the platform tests."""

from documents.conftest import make_office  # noqa: F401
from web.conftest import app, client, clock, settings  # noqa: F401
