"""The org kept across transactions (org/state_cache.py) is exactly as strict as reading it anew:
who may maintain the org (政府首长、办公室主任, the permission `org.manage`) follows a change of the
office director's holder from the very next transaction, whoever made the change — this process,
another process on the same database, or an ORM bulk write."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, update

from zhengwu.core.db import Database, make_engine
from zhengwu.core import permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.uow import Actor, unit_of_work
from zhengwu.org import service, state_cache
from zhengwu.org.models import OrgStamp, Post

from support import TEST_NOW


def _may_manage(org, who: str) -> bool:
    try:
        org.run(who, "org.create_department", lambda uow: service.create_department(
            uow, name=f"{who}新建的部门{TEST_NOW.timestamp()}-{id(uow)}"))
    except PermissionDenied:
        return False
    return True


def _hand_office_to(org, who: str) -> None:
    post = org.post("office")
    org.run("office", "org.assign_holder", lambda uow: service.assign_holder(
        uow, post_id=post.id, holder_id=org.user(who).id, expected_version=post.version))


def test_new_office_holder_seen_in_the_next_transaction(make_org):
    org = make_org("dawa-2017")
    assert _may_manage(org, "office") and not _may_manage(org, "czj")  # both read through the kept org
    _hand_office_to(org, "czj")
    assert not _may_manage(org, "office"), "the former office director still allowed: a stale org was used"
    assert _may_manage(org, "czj"), "the new office director refused: a stale org was used"


def test_change_committed_by_another_process_is_seen(make_org, database_url):
    org = make_org("dawa-2017")
    assert _may_manage(org, "office")  # this process now keeps the org under the current stamp
    elsewhere = Database(make_engine(database_url))  # another engine: nothing in this process's memory
    try:
        post = org.post("office")
        with unit_of_work(elsewhere, org.user("office").actor, "org.assign_holder", tenant_id=org.tenant.id,
                          now=TEST_NOW) as uow:
            service.assign_holder(uow, post_id=post.id, holder_id=org.user("czj").id, expected_version=post.version)
    finally:
        elsewhere.dispose()
    assert not _may_manage(org, "office")
    assert _may_manage(org, "czj")


def test_orm_bulk_write_redraws_the_stamp(make_org, unaudited_writes):
    org = make_org("dawa-2017")
    assert _may_manage(org, "office")
    with org.db.write() as session:
        before = session.execute(select(OrgStamp.stamp).where(OrgStamp.tenant_id == org.tenant.id)).scalar_one()
        session.execute(update(Post).where(Post.id == org.post("office").id).values(holder_id=org.user("czj").id))
    with org.db.read() as session:
        after = session.execute(select(OrgStamp.stamp).where(OrgStamp.tenant_id == org.tenant.id)).scalar_one()
    assert after != before
    assert not _may_manage(org, "office") and _may_manage(org, "czj")


def test_rolled_back_change_is_not_kept(make_org):
    org = make_org("dawa-2017")
    post = org.post("office")

    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        with unit_of_work(org.db, org.user("office").actor, "org.assign_holder", tenant_id=org.tenant.id,
                          now=TEST_NOW) as uow:
            service.assign_holder(uow, post_id=post.id, holder_id=org.user("czj").id, expected_version=post.version)
            assert service.posts_for(uow.session, org.tenant.id, org.user("czj").id, TEST_NOW)  # read inside
            raise Undo
    assert _may_manage(org, "office") and not _may_manage(org, "czj")


def test_unchanged_org_is_not_read_again(make_org):
    """The point of the copy: a transaction after an unchanged org reads the stamp, not the posts."""
    org = make_org("dawa-2017")
    user = org.user("office")
    statements: list[str] = []
    event.listen(org.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for _ in range(2):
        statements.clear()
        with org.db.read() as session:
            assert "office_director" in service.posts_for(session, org.tenant.id, user.id, TEST_NOW)
    assert not any("FROM org_posts" in s for s in statements), statements
    state_cache.forget()
    statements.clear()
    with org.db.read() as session:
        assert "office_director" in service.posts_for(session, org.tenant.id, user.id, TEST_NOW)
    assert any("FROM org_posts" in s for s in statements)


def test_membership_granted_and_revoked_is_seen_in_the_next_transaction(make_org, make_user):
    """Membership (本单位成员, what `org.view` asks) is answered from the members kept with the org:
    a new member is let in, and a member removed by a bulk delete is refused, at once."""
    from sqlalchemy import delete

    from zhengwu.core import users
    from zhengwu.core.users import Membership

    org = make_org("dawa-2017")
    newcomer = make_user("newcomer")

    def may_view(user) -> bool:
        with org.db.read() as session:
            return permissions.check("org.view", permissions.subject_for(session, user.id, org.tenant.id, TEST_NOW)).ok

    assert may_view(org.user("czj")) and not may_view(newcomer)  # the members are now kept
    with unit_of_work(org.db, Actor.system("测试"), "user.create", now=TEST_NOW) as uow:
        users.add_membership(uow, uow.session.merge(newcomer), uow.session.merge(org.tenant))
    assert may_view(newcomer)
    with unit_of_work(org.db, Actor.system("测试"), "test.revoke", tenant_id=org.tenant.id, now=TEST_NOW) as uow:
        uow.session.execute(delete(Membership).where(Membership.user_id == newcomer.id))
        uow.record(object_type="user", object_id=newcomer.username, after={"revoked": True})
    assert not may_view(newcomer) and may_view(org.user("czj"))


def test_department_names_are_kept_with_the_org_and_follow_a_change_at_once(make_org):
    """The departments' names are kept with the org (a countersign step names its department with
    no statement): a department created, or renamed by a bulk write, is named at once."""
    from zhengwu.org.models import Department

    org = make_org("dawa-2017")
    statements = []
    event.listen(org.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def names() -> dict[int, str]:
        with org.db.read() as session:
            return service.department_names(session, org.tenant.id)

    first = names()
    statements.clear()
    assert names() == first and not any("org_departments" in s for s in statements)  # kept
    org.run("office", "org.create_department", lambda uow: service.create_department(uow, name="新设的局"))
    assert "新设的局" in names().values()
    some = next(iter(first))
    with unit_of_work(org.db, Actor.system("测试"), "test.rename", tenant_id=org.tenant.id, now=TEST_NOW) as uow:
        uow.session.execute(update(Department).where(Department.id == some).values(name="改名的局"))
        uow.record(object_type="department", object_id=some, after={"name": "改名的局"})
    assert names()[some] == "改名的局"


def test_the_stamp_is_read_with_the_actors_flag_in_one_statement(make_org):
    """A unit of work's first permission check reads the actor's admin flag and the tenant's org
    stamp in one statement, and the kept org is used under that stamp (no second stamp read);
    a member removed meanwhile by another transaction is still refused (test above)."""
    org = make_org("dawa-2017")
    actor = org.user("office").actor
    statements = []
    event.listen(org.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for _ in range(2):  # the first keeps the org under the current stamp
        statements.clear()
        with unit_of_work(org.db, actor, "org.view", tenant_id=org.tenant.id, now=TEST_NOW) as uow:
            permissions.require(uow, "org.manage")
            read = [s for s in statements if "BEGIN" not in s]
    assert len(read) == 1 and "org_stamps" in read[0] and "is_platform_admin" in read[0], read
    _hand_office_to(org, "czj")  # a new stamp: read with the flag, it is not the kept one
    assert not _may_manage(org, "office") and _may_manage(org, "czj")
