"""The audit events' index by object: a document's (or any object's) trail is read by tenant,
object type and id in chain order, which the tenant index alone answers by reading every event
of the tenant. Declared here, beside the chain's own module, so the table definition there stays
as it is; `zhengwu.tables` imports it so the schema and the migration (0014) agree."""

from sqlalchemy import Index

from zhengwu.core.audit import AuditEvent

# 已办: a person's own completed events in a tenant, newest first (migration 0018).
ACTOR_INDEX = Index("ix_audit_events_tenant_actor_outcome_id", AuditEvent.tenant_id, AuditEvent.actor_user_id,
                    AuditEvent.outcome, AuditEvent.id)
OBJECT_INDEX = Index("ix_audit_events_tenant_object", AuditEvent.tenant_id, AuditEvent.object_type,
                     AuditEvent.object_id, AuditEvent.seq)
