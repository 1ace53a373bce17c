"""Uploaded files: one row per stored file, attached to another domain's object by
(object_type, object_id) — a document's 正文 and 附件, a 收文's 扫描件, a topic's or a meeting's
会议材料. The bytes live in the configured storage under `storage_key`; the row keeps what the
pages show and what proves the content: its SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from zhengwu.core.base import Base, TenantOwned, UtcDateTime


class StoredFile(TenantOwned, Base):
    __tablename__ = "files"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_type: Mapped[str] = mapped_column(String(30), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # body | attachment | scan | material
    # 正文 versions count 1, 2, 3 … per object; other kinds keep 1.
    version_no: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    file_type: Mapped[str] = mapped_column(String(10), nullable=False)  # a key of sniff.TYPES
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_by_name: Mapped[str] = mapped_column(String(100), nullable=False)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)

    __table_args__ = (Index("ix_files_tenant_object", "tenant_id", "object_type", "object_id", "kind"),)

    def summary(self) -> dict:
        return {"id": self.id, "object_type": self.object_type, "object_id": self.object_id, "kind": self.kind,
                "version_no": self.version_no, "name": self.name, "file_type": self.file_type, "size": self.size,
                "sha256": self.sha256}
