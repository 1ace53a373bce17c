"""One serializer for instants in JSON answers: every one reads in Beijing time (+08:00).

A row just written holds the clock's +08:00 and a row read back holds the database's UTC, so a
summary's `isoformat()` differed between the answer to a change and the next read. Answers are
normalised here, once, whether they come from a response model, a use case's summary or an
idempotent replay: an ISO instant with a zone becomes the same instant at +08:00. Dates and
other strings are left as they are."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from fastapi.responses import JSONResponse
from pydantic import PlainSerializer

from zhengwu.calendar.clock import CHINA_TZ

_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)")


def in_beijing(moment: datetime) -> str:
    return moment.astimezone(CHINA_TZ).isoformat()


# For response models: an instant field, serialised at +08:00.
BeijingDateTime = Annotated[datetime, PlainSerializer(in_beijing, return_type=str)]


def beijing(content: Any) -> Any:
    """`content` with every zoned ISO instant (string or datetime) at +08:00."""
    if isinstance(content, dict):
        return {key: beijing(value) for key, value in content.items()}
    if isinstance(content, (list, tuple)):
        return [beijing(value) for value in content]
    if isinstance(content, datetime) and content.tzinfo is not None:
        return in_beijing(content)
    if isinstance(content, str) and _INSTANT.fullmatch(content):
        return in_beijing(datetime.fromisoformat(content.replace("Z", "+00:00")))
    return content


class BeijingJSONResponse(JSONResponse):
    """The API's JSON answer: instants at +08:00."""

    def render(self, content: Any) -> bytes:
        return super().render(beijing(content))
