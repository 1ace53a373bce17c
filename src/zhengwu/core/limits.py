"""How much one request may carry and how often one caller may ask.

Body sizes are limited per kind of route (a login is a few hundred bytes; a document body a few
hundred kilobytes); rates are limited per caller with a token bucket: per IP address on the public
portal and at the login (nobody is logged in there), per user everywhere else.

The buckets live in the process: with several workers each enforces its own share, which still
bounds a flood by the number of workers. The clock is a monotonic one, injected, so a test can
move it; the app's "now" (a fixed date in tests) is for rules, not for counting requests.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Hashable

KIB = 1024
MIB = 1024 * KIB
# The upload routes (files/pages.py, files/api.py): /t/<t>/files/<type>/<id>/<kind> and its API twin.
UPLOAD_PATH = re.compile(r"^/(?:t|api/tenants)/[^/]+/files/[a-z_]+/\d+/[a-z_]+$")
# Forms that take files with what they create, and the kind of file they take.
FORMS_WITH_FILES = {re.compile(r"^/t/[^/]+/documents/incoming$"): "scan"}  # 收文登记 with its scans
MULTIPART_SLACK = 64 * KIB  # the form's boundaries, headers and CSRF field around the file


@dataclass(frozen=True)
class Rate:
    """`burst` requests at once, then one more every `per_seconds / burst` seconds."""

    burst: int
    per_seconds: float

    @property
    def refill(self) -> float:
        return self.burst / self.per_seconds


@dataclass(frozen=True)
class Limits:
    body_default: int = 2 * MIB  # a document body of ~100,000 characters is 300 KB of UTF-8
    body_login: int = 4 * KIB
    body_public: int = 64 * KIB
    # The public portal: a citizen files a few requests, not hundreds.
    public_write: Rate = Rate(5, 600)
    public_read: Rate = Rate(120, 60)
    # Logins per IP address: slows guessing across many names (each name also locks on its own).
    login: Rate = Rate(20, 60)
    # A logged-in user: generous for a clerk's day, a wall for a script gone wrong.
    user_write: Rate = Rate(300, 60)
    user_read: Rate = Rate(1200, 60)
    # Uploaded files, per kind (files/service.py KINDS): a 正文 is a Word document; a 收文 scanned
    # page by page, or a meeting's materials, can be tens of megabytes.
    upload_body: int = 20 * MIB
    upload_attachment: int = 50 * MIB
    upload_scan: int = 50 * MIB
    upload_material: int = 50 * MIB

    def upload_limit(self, kind: str) -> int:
        return getattr(self, f"upload_{kind}")

    def upload_path_limit(self, path: str) -> int | None:
        """The file size limit of an upload route's kind; None for any other path."""
        if UPLOAD_PATH.match(path):
            return getattr(self, f"upload_{path.rsplit('/', 1)[-1]}", None)
        kind = next((k for pattern, k in FORMS_WITH_FILES.items() if pattern.match(path)), None)
        return getattr(self, f"upload_{kind}") if kind else None

    def body_limit(self, path: str) -> int:
        upload = self.upload_path_limit(path)
        if upload is not None:  # only the upload routes take more than the default
            return upload + MULTIPART_SLACK
        if path in ("/api/session", "/login"):
            return self.body_login
        if path.startswith(("/public/", "/api/public/")):
            return self.body_public
        return self.body_default


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RateLimiter:
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[Hashable, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: Hashable, rate: Rate) -> float:
        """0 when the request may go ahead (and is counted); else the seconds until it may."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(float(rate.burst), now)
            bucket.tokens = min(float(rate.burst), bucket.tokens + (now - bucket.at) * rate.refill)
            bucket.at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            if len(self._buckets) > 100_000:  # forget idle callers rather than grow without end
                self._buckets = {k: b for k, b in self._buckets.items() if now - b.at < 3600}
            return (1 - bucket.tokens) / rate.refill

