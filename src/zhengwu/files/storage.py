"""Where the bytes of uploaded files live: a small interface with two backends.

- `LocalStorage`: under <data_dir>/files (the default), one file per stored object, written to a
  temporary name and renamed so a crash never leaves half a file under a real key;
- `S3Storage`: a bucket of S3-compatible object storage (MinIO, Ceph RGW, a cloud's), through
  boto3, when ZHENGWU_S3_BUCKET is set (endpoint and keys beside it in core/settings.py).

Keys are chosen by the service (tenant, then a random id): never a user's file name.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from zhengwu.core.errors import ZhengwuError
from zhengwu.core.settings import Settings

log = logging.getLogger(__name__)
_KEY = re.compile(r"^[0-9a-z][0-9a-z/-]{0,190}$")


class StorageError(ZhengwuError):
    """The store could not be reached or refused the operation: a 503 in Chinese, never a 500."""

    status = 503
    code = "storage_unavailable"


class Storage(Protocol):
    name: str  # shown to the operator: 本地磁盘 / 对象存储

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def _checked(key: str) -> str:
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"invalid storage key {key!r}")
    return key


class LocalStorage:
    name = "本地磁盘"

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            log.warning("stored file %s is missing under %s", key, self.root)
            raise StorageError("文件存储中找不到该文件：请联系平台管理员检查数据目录。") from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    name = "对象存储"

    def __init__(self, bucket: str, *, endpoint: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, region: str = "us-east-1"):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        # Path-style addressing: MinIO and most self-hosted stores do not serve bucket subdomains.
        self.client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key,
                                   aws_secret_access_key=secret_key, region_name=region,
                                   config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))

    def _call(self, what: str, fn, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        # The store's own words (error codes, keys) go to the log for the operator, not on a page.
        try:
            return fn(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            log.warning("S3 %s of %s in bucket %s failed: %s", what, kwargs.get("Key"), self.bucket, code)
            if code in ("NoSuchKey", "404"):
                raise StorageError("对象存储中找不到该文件：请联系平台管理员。") from None
            raise StorageError(f"对象存储{what}失败：请联系平台管理员检查存储桶的配置和权限。") from None
        except BotoCoreError as exc:
            log.warning("S3 %s of %s in bucket %s failed: %r", what, kwargs.get("Key"), self.bucket, exc)
            raise StorageError("无法连接对象存储：请联系平台管理员检查其地址和网络。") from None

    def put(self, key: str, data: bytes) -> None:
        self._call("写入", self.client.put_object, Key=_checked(key), Body=data)

    def get(self, key: str) -> bytes:
        return self._call("读取", self.client.get_object, Key=_checked(key))["Body"].read()

    def delete(self, key: str) -> None:
        self._call("删除", self.client.delete_object, Key=_checked(key))


@lru_cache(maxsize=8)
def storage_for(settings: Settings) -> Storage:
    """The configured store (one client per settings: boto3 clients are thread-safe and costly)."""
    if settings.s3_bucket:
        return S3Storage(settings.s3_bucket, endpoint=settings.s3_endpoint, access_key=settings.s3_access_key,
                         secret_key=settings.s3_secret_key, region=settings.s3_region)
    return LocalStorage(Path(settings.data_dir) / "files")
