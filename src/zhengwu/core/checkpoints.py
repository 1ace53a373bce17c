"""Signed checkpoints of the audit chains' heads, with a key the database does not hold.

A hash chain shows that events were changed only to someone who cannot recompute it; whoever
holds the database and the shipped code can rewrite a middle event and rehash everything after
it, or delete the last events and fix the head. A checkpoint signs (chain, seq, hash, time) with
an Ed25519 key kept in a file outside the database (`Settings.checkpoint_key`, by default
`<data dir>/audit-signing.key`, readable by the service only). A rewritten history no longer
matches the signed hash at the checkpoint's sequence number, and a cut-off tail is shorter than
the last checkpoint.

Checkpoints are stored in the database (to start verification from the last one) and appended,
one JSON line each, to an export file that should live where the database administrator cannot
write (another host, WORM storage): a DBA who deletes the stored checkpoints along with the
history they vouch for is still caught by the exported ones. Checking needs only the public key
(`zhengwu audit public-key`), which can be handed to an auditor.

`zhengwu audit checkpoint` signs the current heads; run it periodically (cron or a systemd timer).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from zhengwu.core import audit
from zhengwu.core.base import Base, UtcDateTime
from zhengwu.core.settings import Settings


class AuditCheckpoint(Base):
    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    hash: Mapped[str] = mapped_column(String(128), nullable=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False)
    key_id: Mapped[str] = mapped_column(String(64), nullable=False)
    signature: Mapped[str] = mapped_column(Text, nullable=False)

    def record(self) -> dict:
        return {"chain": self.chain, "seq": self.seq, "hash": self.hash,
                "at": self.at.astimezone(timezone.utc).isoformat(timespec="seconds"),
                "key_id": self.key_id, "signature": self.signature}


class KeyMissing(RuntimeError):
    pass


def _payload(chain: str, seq: int, hash_: str, at: str) -> bytes:
    return json.dumps({"chain": chain, "seq": seq, "hash": hash_, "at": at}, sort_keys=True,
                      separators=(",", ":")).encode()


def key_path(settings: Settings) -> Path:
    return Path(settings.checkpoint_key or (Path(settings.data_dir) / "audit-signing.key"))


def load_or_create_key(settings: Settings) -> Ed25519PrivateKey:
    """The signing key; made on first use, written readable by its owner only."""
    path = key_path(settings)
    if path.exists():
        return cast(Ed25519PrivateKey, serialization.load_pem_private_key(path.read_bytes(), password=None))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def public_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_public(settings: Settings, path: Path | None = None) -> Ed25519PublicKey:
    """The key checkpoints are checked with: a public key file given, or the signing key's own."""
    if path is not None:
        return cast(Ed25519PublicKey, serialization.load_pem_public_key(path.read_bytes()))
    private = key_path(settings)
    if not private.exists():
        raise KeyMissing(f"找不到审计签名密钥 {private}：请用 --public-key 指定公钥文件。")
    return cast(Ed25519PublicKey, serialization.load_pem_private_key(private.read_bytes(), password=None).public_key())


def sign_heads(session: Session, settings: Settings, now: datetime, *, export: Path | None = None) -> list[AuditCheckpoint]:
    """Sign every chain's current head (skipping chains unchanged since their last checkpoint)."""
    key = load_or_create_key(settings)
    made = []
    for head in session.execute(select(audit.AuditChainHead).order_by(audit.AuditChainHead.chain)).scalars():
        last = latest(session, head.chain)
        if head.last_seq == 0 or (last is not None and last.seq == head.last_seq):
            continue
        at = now.astimezone(timezone.utc).replace(microsecond=0)
        signature = key.sign(_payload(head.chain, head.last_seq, head.last_hash, at.isoformat(timespec="seconds")))
        row = AuditCheckpoint(chain=head.chain, seq=head.last_seq, hash=head.last_hash, at=at, key_id=key_id(key),
                              signature=signature.hex())
        session.add(row)
        made.append(row)
    session.flush()
    if export is not None and made:
        with open(export, "a", encoding="utf-8") as handle:
            for row in made:
                handle.write(json.dumps(row.record(), ensure_ascii=False) + "\n")
    return made


def latest(session: Session, chain: str) -> AuditCheckpoint | None:
    return session.execute(select(AuditCheckpoint).where(AuditCheckpoint.chain == chain)
                           .order_by(AuditCheckpoint.seq.desc()).limit(1)).scalar_one_or_none()


def read_export(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def stored(session: Session, chain: str) -> list[dict]:
    rows = session.execute(select(AuditCheckpoint).where(AuditCheckpoint.chain == chain)
                           .order_by(AuditCheckpoint.seq)).scalars()
    return [row.record() for row in rows]


@dataclass(frozen=True)
class Checked:
    ok: bool
    problem: str | None = None
    start: tuple[int, str] | None = None  # the last good checkpoint: (seq, hash)


def check(session: Session, chain: str, records: list[dict], public: Ed25519PublicKey) -> Checked:
    """Each checkpoint of `chain`: signed by this key, and the event at its seq has its hash. The
    events are read 500 to a query (a year of hourly checkpoints is 8,760 of them)."""
    good = None
    mine = sorted((r for r in records if r["chain"] == chain), key=lambda r: r["seq"])
    events: dict[int, audit.AuditEvent] = {}
    for start in range(0, len(mine), 500):
        seqs = [r["seq"] for r in mine[start:start + 500]]
        events.update((e.seq, e) for e in session.execute(select(audit.AuditEvent).where(
            audit.AuditEvent.chain == chain, audit.AuditEvent.seq.in_(seqs))).scalars())
    for record in mine:
        try:
            public.verify(bytes.fromhex(record["signature"]),
                          _payload(record["chain"], record["seq"], record["hash"], record["at"]))
        except (InvalidSignature, ValueError):
            return Checked(False, f"第 {record['seq']} 号事件处的检查点签名无效（检查点被伪造或改动）")
        event = events.get(record["seq"])
        if event is None:
            return Checked(False, f"已签名的检查点记载第 {record['seq']} 号事件，但该事件已不存在（链尾被删除）")
        if event.hash != record["hash"] or audit.digest(event.algorithm, audit.canonical(event)) != event.hash:
            return Checked(False, f"第 {record['seq']} 号事件与已签名的检查点不符（其前的历史被改写）")
        good = (record["seq"], record["hash"])
    return Checked(True, None, good)


def verify(session: Session, chain: str, records: list[dict], public: Ed25519PublicKey, *,
           incremental: bool = False, workers: int = 1) -> audit.Verification:
    """The chain checked against its signed checkpoints, then walked (in `workers` processes): in
    full, or — `incremental` — only after the last good checkpoint (the signature vouches for
    everything before it)."""
    checked = check(session, chain, records, public)
    if not checked.ok:
        return audit.Verification(chain, False, 0, None, None, checked.problem)
    start = checked.start if incremental else None
    return audit.verify(session, chain, start=start, workers=workers)
