"""Cross-domain wiring, done explicitly at start-up rather than by importing modules for their
side effects: every entry point that runs use cases (`create_app`, `zhengwu worker`, the CLI
commands through `cli.common.open_db`, `demo.seed_demo`) calls `install()` first. Without it,
signed minutes would make no supervision tasks and an issued document would not be queued for
disclosure."""

from __future__ import annotations

from zhengwu import demo
from zhengwu.calendar import WorkCalendar
from zhengwu.core import events, objects
from zhengwu.core.uow import UnitOfWork
from zhengwu.deadlines.registry import REGISTRY, Registry
from zhengwu.deadlines.service import recompute_provisional
from zhengwu.decisions import todo as decisions_todo
from zhengwu.disclosure import deadlines as disclosure_deadlines
from zhengwu.disclosure import demo as disclosure_demo
from zhengwu.disclosure import handlers as disclosure_handlers
from zhengwu.disclosure import todo as disclosure_todo
from zhengwu.documents import deadlines as documents_deadlines
from zhengwu.documents import demo as documents_demo
from zhengwu.documents import events as documents_events
from zhengwu.documents import notify as documents_notify
from zhengwu.documents import objects as documents_objects
from zhengwu.documents import todo as documents_todo
from zhengwu.files import service as files
from zhengwu.holiday_notices import service as holiday_notices
from zhengwu.meetings import deadlines as meetings_deadlines
from zhengwu.meetings import demo as meetings_demo
from zhengwu.meetings import events as meetings_events
from zhengwu.meetings import handlers as meetings_handlers
from zhengwu.meetings import notify as meetings_notify
from zhengwu.meetings import objects as meetings_objects
from zhengwu.meetings import todo as meetings_todo
from zhengwu.notices import service as notices
from zhengwu.org import demo as org_demo
from zhengwu.org import todo as org_todo
from zhengwu.supervision import deadlines as supervision_deadlines
from zhengwu.supervision import demo as supervision_demo
from zhengwu.supervision import events as supervision_events
from zhengwu.supervision import handlers as supervision_handlers
from zhengwu.supervision import notify as supervision_notify
from zhengwu.supervision import todo as supervision_todo

DEADLINE_REGISTRARS = (
    documents_deadlines.register_deadlines,
    supervision_deadlines.register_deadlines,
    disclosure_deadlines.register_deadlines,
    meetings_deadlines.register_deadlines,
)


# Each domain's 待办 providers (zhengwu.todo): what waits for a person's step in that domain.
TODO_REGISTRARS = (
    documents_todo.register_todo,
    meetings_todo.register_todo,
    org_todo.register_todo,
    supervision_todo.register_todo,
    disclosure_todo.register_todo,
    decisions_todo.register_todo,
)

# Each domain's demo data (`zhengwu serve --demo`), by order: a domain that builds on another's
# data comes later (documents, meetings and the ledger on the org's people and departments).
DEMO_SEEDERS = (
    (disclosure_demo.seed, 100),
    (org_demo.seed_org, 100),
    (documents_demo.seed_documents, 150),
    (meetings_demo.seed_meetings, 200),
    (supervision_demo.seed_ledger, 300),
)



def _move_provisional_deadlines(uow: UnitOfWork, _year: int, calendar: WorkCalendar) -> int:
    return len(recompute_provisional(uow, calendar))


def install(registry: Registry = REGISTRY) -> Registry:
    """Register every domain's deadline kinds and 待办 providers, have an entered holiday notice
    move the provisional deadlines, have the notices domain tell people of their work, and
    register who may read and file each kind of object, and each domain's demo data (idempotent)."""
    for register in DEADLINE_REGISTRARS:
        register(registry)
    for register_todo in TODO_REGISTRARS:
        register_todo()
    notices.install(events.BUS)
    # One domain's step that makes work in another (issue 11: no domain calls another's service).
    # Order matters where one event has two subscribers: tasks first, then the disclosure queue.
    events.BUS.subscribe(meetings_events.MinutesSigned, supervision_handlers.track_resolutions)
    events.BUS.subscribe(meetings_events.MinutesSigned, disclosure_handlers.queue_resolutions)
    events.BUS.subscribe(supervision_events.TaskOpened, meetings_handlers.link_task)
    events.BUS.subscribe(documents_events.InstructionAwaitsReport, supervision_handlers.track_instruction)
    events.BUS.subscribe(documents_events.InstructionReported, supervision_handlers.close_instruction)
    events.BUS.subscribe(documents_events.DocumentIssued, disclosure_handlers.queue_document)
    notices.remindable("document", documents_notify.item)
    notices.remindable("topic", meetings_notify.topic_item)
    notices.remindable("task", supervision_notify.item)
    holiday_notices.on_year_entered(_move_provisional_deadlines)
    # Who may read an object and add or remove its files: each owning domain answers for its own.
    objects.register("document", "公文", documents_objects.file_access)
    objects.register("topic", "议题", meetings_objects.topic_access)
    objects.register("meeting", "会议", meetings_objects.meeting_access)
    objects.accept_files(files.attach)
    for seeder, order in DEMO_SEEDERS:
        demo.add_demo_seeder(seeder, order)
    return registry
