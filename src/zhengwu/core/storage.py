"""The data directory, checked before anything opens it: it exists (or can be made), can be
written, and has room — so a read-only or full disk is one Chinese sentence at start-up, not a
500 on every login later (SQLite writes its journal there; the checkpoint key lives there)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from zhengwu.core.settings import Settings

MIN_FREE_BYTES = 50 * 1024 * 1024  # room for a day of audit events and SQLite's journal


class DataDirUnusable(RuntimeError):
    pass


def check_data_dir(settings: Settings, min_free: int = MIN_FREE_BYTES) -> Path:
    path = Path(settings.data_dir).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirUnusable(f"数据目录 {path} 不存在且无法创建（{exc.strerror}）：请检查路径和权限。") from None
    if not path.is_dir():
        raise DataDirUnusable(f"数据目录 {path} 不是目录。")
    probe = path / f".write-check-{uuid.uuid4().hex}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise DataDirUnusable(f"数据目录 {path} 不可写（{exc.strerror}）：请检查磁盘空间和目录权限。") from None
    finally:
        probe.unlink(missing_ok=True)
    free = shutil.disk_usage(path).free
    if free < min_free:
        raise DataDirUnusable(f"数据目录 {path} 所在磁盘仅剩 {free // (1024 * 1024)} MB，"
                              f"至少需要 {min_free // (1024 * 1024)} MB：请先清理磁盘。")
    return path
