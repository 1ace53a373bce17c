"""Org use cases: each runs inside the caller's unit of work (one transaction, audited with cite).

Building the org (departments, posts, holders, portfolios, AB角/补位 pairs), leave (request,
approve, reject, withdraw, 销假), the views (org chart, who acts for whom) and the post lookup
that tells core permissions which posts a user holds and acts in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Hashable, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from zhengwu.core import audit, permissions
from zhengwu.core.errors import PermissionDenied
from zhengwu.core.notify_events import Decided, To, WorkArrived
from zhengwu.core.fetch import get_in_tenant
from zhengwu.core.permissions import any_of, holds, member, platform_admin
from zhengwu.core.paging import Page, keyset
from zhengwu.calendar import china_date
from zhengwu.core.tenants import Tenant, profile_on
from zhengwu.core.uow import TenantWork
from zhengwu.core.users import Membership, User
from zhengwu.core.verdict import Verdict
from zhengwu.org import rules, state_cache
from zhengwu.org.models import DEPARTMENT_KINDS, CoverPair, Department, LeaveRequest, Portfolio, Post
from zhengwu.rulebook import labels
from zhengwu.rulebook.profile import Profile
from zhengwu.rulebook.provenance import rule_of

T = TypeVar("T")
LOCAL = ZoneInfo("Asia/Shanghai")  # the day of "today" is the government's day

# --- permissions: what the posts allow ----------------------------------------------------

_ORG_KEEPERS = ("head", *rules.OFFICE_DIRECTOR_KINDS)
permissions.define("org.view", "查看组织机构与代行情况", "本单位成员", member)
permissions.define("org.manage", "维护组织机构（部门、职务、任职、分管、AB角/补位）",
                   "政府首长、办公室主任（秘书长）或平台管理员", any_of(holds(*_ORG_KEEPERS), platform_admin))
permissions.define("leave.view", "查看请销假", "本单位成员", member)
# Requesting and 销假 are open to members: the leave rules then say whose leave it may be (one's
# own, or the office for a leader), and a deputy away must still be able to report back.
permissions.define("leave.request", "报请请假", "本单位成员", member)
permissions.define("leave.decide", "审批请假", "规则规定的审批领导", holds(*rules.LEADER_KINDS))
permissions.define("leave.cancel", "销假或撤回请假", "本单位成员", member)
audit.label(
    actions={"org.create_department": "新建部门", "org.create_post": "设立职务", "org.assign_holder": "任免",
             "org.set_portfolio": "调整分管", "org.pair_posts": "确定AB角/补位", "org.view": "查看组织机构",
             "leave.view": "查看请销假", "leave.request": "请假", "leave.approve": "批准请假",
             "leave.reject": "不予批准请假", "leave.cancel": "销假", "leave.withdraw": "撤回请假"},
    objects={"department": "部门", "post": "职务", "portfolio": "分管", "cover_pair": "AB角/补位", "leave": "请假"},
)


# --- the org as the rules see it ----------------------------------------------------------


def load_state(session: Session, tenant_id: int) -> rules.OrgState:
    """The tenant's org as the rules see it: read once per transaction at most, and reused across
    transactions while the tenant's org stamp is unchanged (org/state_cache.py: every org,
    membership or profile-version write redraws the stamp, so a change is seen at once)."""
    return state_cache.kept(session, tenant_id, _read_state).state


def state_and_profile(session: Session, tenant_id: int, day: date) -> tuple[rules.OrgState, Profile]:
    """The org and the profile in force on `day`, both kept under the org stamp (a profile version
    written redraws it): what a step asks to know who the actor is, without reading the versions."""
    entry = state_cache.kept(session, tenant_id, _read_state)
    return entry.state, state_cache.profile_for(session, tenant_id, day, entry)


_AUTHORITIES = "zhengwu.org_authorities"


def authorities(session: Session, tenant_id: int, at: datetime) -> tuple[rules.OrgState, Profile, dict[int, rules.Authority]]:
    """The org, the profile in force, and who holds the authority of each post at `at`: worked
    out once in a transaction for its instant (every permission check and every standing asks),
    and again only when the org kept under the stamp is another (a write in the transaction)."""
    state, profile = state_and_profile(session, tenant_id, china_date(at))
    memo = session.info.setdefault(_AUTHORITIES, {})
    found = memo.get((tenant_id, at))
    if found is None or found[0] is not state or found[1] is not profile:
        found = memo[(tenant_id, at)] = (state, profile, {
            seat.post_id: rules.authority(profile, state, seat.post_id, at) for seat in state.seats})
    return found


def kept_with_org(session: Session, tenant_id: int, key: Hashable, read: Callable[[], T]) -> T:
    """A value another domain keeps with the tenant's org (state_cache.with_org): its rows are
    watched (state_cache.watch), so a change to them is seen by the next transaction."""
    return state_cache.with_org(session, tenant_id, key, read, _read_state)


def _read_state(session: Session, tenant_id: int) -> rules.OrgState:
    # Columns, not Post objects: read by every unit of work, and only these five are used.
    seats = tuple(rules.Seat(*row) for row in session.execute(
        select(Post.id, Post.kind, Post.holder_id, Post.department_id, Post.title)
        .where(Post.tenant_id == tenant_id).order_by(Post.rank, Post.id)))
    # In effect, or ended early by 销假 (kept, so the past stays as it was).
    leaves = session.execute(select(LeaveRequest).where(
        LeaveRequest.tenant_id == tenant_id,
        or_(LeaveRequest.state.in_(rules.IN_EFFECT), LeaveRequest.cancelled_at.is_not(None)))).scalars()
    absences = tuple(
        rules.Absence(lv.id, lv.requester_id, lv.starts_at, lv.effective_end, lv.occasion, lv.designated_post_id,
                      lv.mandate)
        for lv in leaves)
    portfolios = tuple(session.execute(
        select(Portfolio.department_id, Portfolio.post_id).where(Portfolio.tenant_id == tenant_id)).all())
    pairs = tuple(session.execute(select(CoverPair.kind, CoverPair.first_post_id, CoverPair.second_post_id)
                                  .where(CoverPair.tenant_id == tenant_id)).all())
    return rules.OrgState(seats, absences, portfolios, pairs)


def posts_for(session: Session, tenant_id: int, user_id: int, now: datetime) -> frozenset[str]:
    """The post kinds a user holds (and is present in) or acts in, at `now`: for core permissions."""
    state, _, found = authorities(session, tenant_id, now)
    # rules.posts_of, with each post's authority worked out once for the transaction; a user's
    # answer kept beside those authorities (every permission check of a batch asks it again).
    posts = session.info.setdefault(_POSTS, {})
    key = (id(found), user_id)
    if key not in posts:
        posts[key] = (found, rules.implied(seat.kind for seat in state.seats if found[seat.post_id].acting_id == user_id))
    return posts[key][1]


_POSTS = "zhengwu.org_posts"  # (id of the authorities worked out, user id) → (those authorities, the user's posts)


permissions.use_post_lookup(posts_for)
def is_member(session: Session, tenant_id: int, user_id: int) -> bool:
    """Whether the user is a member of the tenant, from the members kept with the org."""
    return state_cache.is_member(session, tenant_id, user_id, _read_state)


permissions.use_member_lookup(is_member)


# --- building the org ---------------------------------------------------------------------


def create_department(uow: TenantWork, *, name: str, kind: str = "department") -> Department:
    permissions.require(uow, "org.manage")
    name = name.strip()
    verdict = Verdict.passed()
    if not name:
        verdict &= Verdict.refused("missing_name", "部门名称不能为空。")
    if kind not in DEPARTMENT_KINDS:
        verdict &= Verdict.refused("invalid_kind", f"部门类别「{kind}」无效：应为部门、镇街或办公室。")
    if name and uow.session.execute(select(Department.id).where(
            Department.tenant_id == uow.tenant_id, Department.name == name)).first():
        verdict &= Verdict.refused("duplicate_department", f"本单位已有名为「{name}」的部门。")
    verdict.raise_if_refused()
    department = Department(tenant_id=uow.tenant_id, name=name, kind=kind, created_at=uow.now)
    uow.session.add(department)
    uow.session.flush()
    uow.record("org.create_department", object_type="department", object_id=department.id,
               subject=department)
    return department


def _check_member(session: Session, tenant_id: int, user_id: int | None) -> Verdict:
    if user_id is None:
        return Verdict.passed()
    found = session.execute(select(Membership.id).where(Membership.tenant_id == tenant_id,
                                                        Membership.user_id == user_id)).first()
    return Verdict.passed() if found else Verdict.refused("not_member", "任职人须先成为本单位成员。")


def create_post(uow: TenantWork, *, kind: str, title: str | None = None, department_id: int | None = None,
                holder_id: int | None = None, rank: int = 0) -> Post:
    permissions.require(uow, "org.manage")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    verdict = Verdict.passed()
    if kind not in rules.POST_KINDS and kind not in profile.declared_posts:
        verdict &= Verdict.refused("invalid_post_kind", f"职务类别「{kind}」无效。")
    if department_id is not None:
        get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    elif kind == "department_head":
        verdict &= Verdict.refused("missing_department", "部门主要负责人须指明所在部门。")
    if kind in ("head", "executive_deputy") and uow.session.execute(select(Post.id).where(
            Post.tenant_id == uow.tenant_id, Post.kind == kind)).first():
        verdict &= Verdict.refused("duplicate_post", f"本单位已设{rules.title(profile, kind)}职务。")
    verdict &= _check_member(uow.session, uow.tenant_id, holder_id)
    verdict.raise_if_refused()
    post = Post(tenant_id=uow.tenant_id, kind=kind, title=(title or rules.title(profile, kind)).strip(),
                department_id=department_id, holder_id=holder_id, rank=rank, created_at=uow.now)
    uow.session.add(post)
    uow.session.flush()
    uow.record("org.create_post", object_type="post", object_id=post.id, subject=post)
    return post


def assign_holder(uow: TenantWork, *, post_id: int, holder_id: int | None, expected_version: int) -> Post:
    permissions.require(uow, "org.manage")
    post = get_in_tenant(uow.session, Post, post_id, uow.tenant_id, "职务")
    post.expect_version(expected_version, f"职务「{post.title}」")
    _check_member(uow.session, uow.tenant_id, holder_id).raise_if_refused()
    post.holder_id = holder_id
    uow.session.flush()
    uow.record("org.assign_holder", object_type="post", object_id=post.id, subject=post)
    return post


def portfolio(session: Session, tenant_id: int, department_id: int) -> Portfolio | None:
    """The department's 分管 as set (None: not set yet)."""
    return session.execute(select(Portfolio).where(Portfolio.tenant_id == tenant_id,
                                                   Portfolio.department_id == department_id)).scalar_one_or_none()


def set_portfolio(uow: TenantWork, *, department_id: int, post_id: int, expected_version: int | None) -> Portfolio:
    """分管: the deputy's post oversees the department (replacing any earlier overseer).
    `expected_version` is that of the department's portfolio the person saw, None when they saw
    none set yet (one set meanwhile by someone else is then refused as stale)."""
    permissions.require(uow, "org.manage")
    department = get_in_tenant(uow.session, Department, department_id, uow.tenant_id, "部门")
    post = get_in_tenant(uow.session, Post, post_id, uow.tenant_id, "职务")
    if post.kind not in rules.DEPUTY_KINDS:
        Verdict.refused("not_a_deputy", f"分管部门的须是副职领导，「{post.title}」不是。").raise_if_refused()
    row = portfolio(uow.session, uow.tenant_id, department.id)
    if row is None:
        row = Portfolio(tenant_id=uow.tenant_id, department_id=department.id, post_id=post.id)
        uow.session.add(row)
    else:
        row.expect_version(expected_version, f"「{department.name}」的分管领导")
    row.post_id = post.id
    uow.session.flush()
    uow.record("org.set_portfolio", object_type="portfolio", object_id=row.id, subject=row,
               detail={"department": department.name, "post": post.title})
    return row


def pair_posts(uow: TenantWork, *, kind: str, first_post_id: int, second_post_id: int) -> CoverPair:
    """AB角 / 补位: only the cover the profile has, between two deputies."""
    permissions.require(uow, "org.manage")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    first = get_in_tenant(uow.session, Post, first_post_id, uow.tenant_id, "职务")
    second = get_in_tenant(uow.session, Post, second_post_id, uow.tenant_id, "职务")
    rules.check_pair(profile, kind, rules.Seat(first.id, first.kind, first.holder_id),
                     rules.Seat(second.id, second.kind, second.holder_id)).raise_if_refused()
    taken = uow.session.execute(select(CoverPair.id).where(
        CoverPair.tenant_id == uow.tenant_id, CoverPair.kind == kind,
        or_(CoverPair.first_post_id.in_([first.id, second.id]), CoverPair.second_post_id.in_([first.id, second.id])))).first()
    if taken:
        Verdict.refused("already_paired", "其中一个职务已有搭档，请先调整原有配对。").raise_if_refused()
    pair = CoverPair(tenant_id=uow.tenant_id, kind=kind, first_post_id=first.id, second_post_id=second.id)
    uow.session.add(pair)
    uow.session.flush()
    cite = rule_of(profile, profile.acting.deputy_absent if profile.acting else None).cite
    uow.record("org.pair_posts", object_type="cover_pair", object_id=pair.id, cite=cite,
               after={"kind": kind, "posts": [first.title, second.title]})
    return pair


# --- leave --------------------------------------------------------------------------------


def _view(leave: LeaveRequest) -> rules.LeaveView:
    return rules.LeaveView(leave.id, leave.requester_id, leave.post_id, leave.state, leave.starts_at, leave.ends_at,
                           leave.approver, leave.cite)


def request_leave(uow: TenantWork, *, post_id: int, occasion: str, starts_at: datetime, ends_at: datetime,
                  reason: str = "", designated_post_id: int | None = None, mandate: bool = False) -> LeaveRequest:
    """Ask for leave (or file it, where the profile names no approver); the office may file for a holder."""
    subject = permissions.require(uow, "leave.request")
    by_id = uow.person("请假")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    post = get_in_tenant(uow.session, Post, post_id, uow.tenant_id, "职务")
    state = load_state(uow.session, uow.tenant_id)
    requester_id = post.holder_id if post.holder_id is not None else by_id
    draft = rules.LeaveDraft(requester_id, post.id, occasion, starts_at, ends_at, designated_post_id, mandate)
    open_leaves = [_view(lv) for lv in uow.session.execute(select(LeaveRequest).where(
        LeaveRequest.tenant_id == uow.tenant_id, LeaveRequest.requester_id == requester_id,
        LeaveRequest.state.in_(rules.OPEN))).scalars()]
    verdict = rules.check_request(profile, state, draft, open_leaves, uow.now, by_id=by_id, by_kinds=subject.posts)
    if not verdict.ok and verdict.reasons[0].code == "not_holder":
        raise PermissionDenied(verdict)
    verdict.raise_if_refused()
    route = rules.leave_route(profile, post.kind)
    leave = LeaveRequest(
        tenant_id=uow.tenant_id, requester_id=requester_id,
        filed_by_id=by_id if by_id != requester_id else None, post_id=post.id,
        occasion=occasion, reason=reason.strip(), starts_at=starts_at, ends_at=ends_at,
        state=rules.REQUESTED if route.approver else rules.FILED, approver=route.approver,
        office_report=route.office_report, cite=route.cite, designated_post_id=designated_post_id,
        mandate=mandate, decision_note="", created_at=uow.now)
    uow.session.add(leave)
    uow.session.flush()
    uow.record("leave.request", object_type="leave", object_id=leave.id, subject=leave, cite=leave.cite)
    if leave.approver:
        uow.publish(WorkArrived(tenant_id=uow.tenant_id, to=To(users=tuple(rules.approvers(profile, state, _view(leave), uow.now))),
                                what="请假待审批",
                                title=f"{people(uow.session, uow.tenant_id)(requester_id)}请假", link="leave",
                                cite=leave.cite, object_type="leave", object_id=str(leave.id)))
    return leave


def decide_leave(uow: TenantWork, *, leave_id: int, approve: bool, expected_version: int,
                 note: str = "", designated_post_id: int | None = None) -> LeaveRequest:
    """Approve or reject: only the approver the profile names, never the requester."""
    permissions.require(uow, "leave.decide")
    decider_id = uow.person("审批请假")
    profile = profile_on(uow.session, uow.tenant_id, uow.today)
    leave = get_in_tenant(uow.session, LeaveRequest, leave_id, uow.tenant_id, "请假")
    leave.expect_version(expected_version, f"第 {leave.id} 号请假")
    state = load_state(uow.session, uow.tenant_id)
    verdict = rules.check_decision(profile, state, _view(leave), decider_id, uow.now)
    if not verdict.ok and verdict.reasons[0].code in ("own_leave", "wrong_approver"):
        raise PermissionDenied(verdict)
    verdict.raise_if_refused()
    if approve and designated_post_id is not None:
        seat = state.seat(leave.post_id)
        if seat is None:
            Verdict.refused("post_removed", "该请假所在职务已撤销，不能再指定代行人。").raise_if_refused()
        else:
            rules.check_designation(profile, state, seat, designated_post_id).raise_if_refused()
    leave.state = rules.APPROVED if approve else rules.REJECTED
    leave.decided_by_id = decider_id
    leave.decided_at = uow.now
    leave.decision_note = note.strip()
    if approve and designated_post_id is not None:
        leave.designated_post_id = designated_post_id
    uow.session.flush()
    uow.record("leave.approve" if approve else "leave.reject", object_type="leave", object_id=leave.id,
               subject=leave, cite=leave.cite)
    uow.publish(Decided(tenant_id=uow.tenant_id, to=To(users=(leave.requester_id,)), what="请假审批结果",
                        title=f"{people(uow.session, uow.tenant_id)(leave.requester_id)}请假", link="leave",
                        cite=leave.cite, outcome="批准" if approve else "不予批准", object_type="leave",
                        object_id=str(leave.id)))
    return leave


def cancel_leave(uow: TenantWork, *, leave_id: int, expected_version: int) -> LeaveRequest:
    """销假 ends a leave in effect (authority returns at once); a pending request is withdrawn."""
    subject = permissions.require(uow, "leave.cancel")
    by_id = uow.person("销假")
    leave = get_in_tenant(uow.session, LeaveRequest, leave_id, uow.tenant_id, "请假")
    leave.expect_version(expected_version, f"第 {leave.id} 号请假")
    verdict = rules.check_cancel(_view(leave), by_id, subject.posts)
    if not verdict.ok and verdict.reasons[0].code == "not_requester":
        raise PermissionDenied(verdict)
    verdict.raise_if_refused()
    if leave.state == rules.REQUESTED:
        leave.state = rules.WITHDRAWN
    else:
        leave.state = rules.CANCELLED
        leave.cancelled_at = uow.now
    uow.session.flush()
    uow.record("leave.cancel" if leave.state == rules.CANCELLED else "leave.withdraw", object_type="leave",
               object_id=leave.id, subject=leave, cite=leave.cite)
    return leave


# --- views --------------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    names: dict[int, str]

    def __call__(self, user_id: int | None) -> str:
        return self.names.get(user_id, "（空缺）") if user_id is not None else "（空缺）"


def posts(session: Session, tenant_id: int) -> list[Post]:
    """The government's posts in rank order."""
    return list(session.execute(select(Post).where(Post.tenant_id == tenant_id).order_by(Post.rank, Post.id)).scalars())


def people(session: Session, tenant_id: int) -> People:
    rows = session.execute(select(User.id, User.display_name).join(Membership, Membership.user_id == User.id)
                           .where(Membership.tenant_id == tenant_id)).all()
    return People(dict(rows))


def authority_dict(profile: Profile, state: rules.OrgState, who: People, found: rules.Authority) -> dict:
    seat, acting_seat = state.seat(found.post_id), state.seat(found.acting_post_id)
    return {"post_id": found.post_id, "post": seat.title if seat else "（职务已撤销）", "holder_id": found.holder_id, "holder": who(found.holder_id),
            "acting_id": found.acting_id if found.is_acting else None,
            "acting": who(found.acting_id) if found.is_acting else None,
            "acting_post": acting_seat.title if found.is_acting and acting_seat else None,
            "via": found.via, "note": found.note, "cite": found.cite, "leave_id": found.leave_id}


def acting_for(session: Session, tenant: Tenant, at: datetime) -> list[dict]:
    """Who acts for whom at `at`: every post whose holder is away, with the rule applied."""
    profile, state = profile_on(session, tenant.id, china_date(at)), load_state(session, tenant.id)
    who = people(session, tenant.id)
    return [authority_dict(profile, state, who, found) for found in rules.acting_for(profile, state, at)]


def acting_today(session: Session, tenant: Tenant, now: datetime) -> list[dict]:
    """Who acts for whom today (Beijing time): now, and from each absence beginning later today."""
    profile, state = profile_on(session, tenant.id, china_date(now)), load_state(session, tenant.id)
    who = people(session, tenant.id)
    midnight = (now.astimezone(LOCAL) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [now] + sorted({a.starts_at for a in state.absences if now < a.starts_at < midnight})
    found, seen = [], set()
    for moment in moments:
        for one in rules.acting_for(profile, state, moment):
            if (one.post_id, one.leave_id) not in seen:
                seen.add((one.post_id, one.leave_id))
                found.append({**authority_dict(profile, state, who, one), "since": moment if moment > now else None})
    return found


def org_chart(session: Session, tenant: Tenant) -> dict:
    state = load_state(session, tenant.id)
    who = people(session, tenant.id)
    departments = list(session.execute(select(Department).where(Department.tenant_id == tenant.id)
                                       .order_by(Department.kind, Department.id)).scalars())
    posts = list(session.execute(select(Post).where(Post.tenant_id == tenant.id).order_by(Post.rank, Post.id)).scalars())
    oversees: dict[int, list[str]] = {}
    names = {d.id: d.name for d in departments}
    for department_id, post_id in state.portfolios:
        oversees.setdefault(post_id, []).append(names[department_id])
    partners = {}
    for kind, first, second in state.pairs:
        partners[first] = (kind, second)
        partners[second] = (kind, first)
    titles = {p.id: p.title for p in posts}
    return {
        "departments": [d.summary() for d in departments],
        "posts": [{**p.summary(), "holder": who(p.holder_id),
                   "department": names.get(p.department_id) if p.department_id is not None else None,
                   "oversees": oversees.get(p.id, []),
                   "partner": ({"kind": partners[p.id][0], "post_id": partners[p.id][1],
                                "post": titles[partners[p.id][1]]} if p.id in partners else None)}
                  for p in posts],
    }


def get_leave(session: Session, tenant: Tenant, leave_id: int) -> LeaveRequest:
    return get_in_tenant(session, LeaveRequest, leave_id, tenant.id, "请假")


def leaves(session: Session, tenant: Tenant, *, requester_id: int | None = None, open_only: bool = False,
           after: int | None = None, limit: int | None = None) -> Page[LeaveRequest]:
    """A page of the leave record, newest first (keyset on the id), shown by start: everyone's or
    one requester's, all or only the open ones."""
    query = select(LeaveRequest).where(LeaveRequest.tenant_id == tenant.id)
    if requester_id is not None:
        query = query.where(LeaveRequest.requester_id == requester_id)
    if open_only:
        query = query.where(LeaveRequest.state.in_(rules.OPEN))
    page = keyset(session, query, LeaveRequest.id, after=after, limit=limit)
    rows = sorted(page.rows, key=lambda r: (r.starts_at, r.id), reverse=True)
    return Page(rows, page.next_after, page.total, page.capped)


def pending_for(session: Session, tenant: Tenant, user_id: int, at: datetime, *,
                limit: int | None = None) -> list[LeaveRequest]:
    """The requested leaves this user may decide now (of the first `limit` requested, soonest first)."""
    profile, state = profile_on(session, tenant.id, china_date(at)), load_state(session, tenant.id)
    query = select(LeaveRequest).where(LeaveRequest.tenant_id == tenant.id, LeaveRequest.state == rules.REQUESTED)
    pending = session.execute(query.order_by(LeaveRequest.starts_at).limit(limit)).scalars()
    return [lv for lv in pending if user_id in rules.approvers(profile, state, _view(lv), at)]


def office_ledger(session: Session, tenant: Tenant, now: datetime) -> list[dict]:
    """What the office keeps on file: every open leave, and those whose holder owes the office a
    report after returning (「事前及事后…报告备案」) because the leave has ended without 销假."""
    rows = session.execute(select(LeaveRequest).where(LeaveRequest.tenant_id == tenant.id,
                                                      LeaveRequest.state.in_(rules.OPEN))
                           .order_by(LeaveRequest.starts_at)).scalars()
    return [{**describe_leave(session, tenant, row),
             "after_report_due": row.office_report == "before_and_after" and row.state in rules.IN_EFFECT
             and row.ends_at <= now}
            for row in rows]


def approver_label(session: Session, tenant: Tenant, leave: LeaveRequest, state: rules.OrgState | None = None,
                   who: People | None = None) -> str:
    """Who is to decide, in words: 「区长（张区长）」, or that the leave is only reported. `state`
    and `who`, when given, spare re-reading the org and the people for each of many leaves."""
    profile = profile_on(session, tenant.id, china_date(leave.created_at))  # the approver was fixed then
    if leave.approver is None:
        return "无需审批（报备）"
    state = state or load_state(session, tenant.id)
    seat = state.seat(leave.post_id)
    target = rules.approver_seat(profile, state, leave.approver, seat) if seat else None
    name = rules.title(profile, leave.approver)
    if target is None:
        return name
    return f"{name}（{(who or people(session, tenant.id))(target.holder_id)}）"


OCCASION_LABELS = {"abroad": "出国（境）", "out_of_area": "因公外出（离开本地）", "leave": "请假休假",
                   "concurrent_duties": "同时有多项重要政务活动"}


def describe_leave(session: Session, tenant: Tenant, leave: LeaveRequest) -> dict:
    """A leave with the words people read: who, which post, why, who decides, its state."""
    return describe_leaves(session, tenant, [leave])[0]


def describe_leaves(session: Session, tenant: Tenant, leaves) -> list[dict]:
    """Many leaves described (see describe_leave), the people and the org read once for all."""
    rows = list(leaves)
    if not rows:
        return []
    who, state = people(session, tenant.id), load_state(session, tenant.id)
    ids = {leave.post_id for leave in rows} | {leave.designated_post_id for leave in rows if leave.designated_post_id}
    posts = {post.id: post for post in session.execute(select(Post).where(Post.id.in_(ids))).scalars()}
    return [_described(session, tenant, leave, who, state, posts) for leave in rows]


def _described(session: Session, tenant: Tenant, leave: LeaveRequest, who: People, state: rules.OrgState,
               posts: dict[int, Post]) -> dict:
    post = posts[leave.post_id]
    designated = posts.get(leave.designated_post_id) if leave.designated_post_id else None
    return {**leave.summary(), "requester": who(leave.requester_id), "post": post.title,
            "filed_by": who(leave.filed_by_id) if leave.filed_by_id else None,
            "occasion_label": OCCASION_LABELS.get(leave.occasion, leave.occasion),
            "state_label": rules.STATE_LABELS.get(leave.state, leave.state),
            "approver_label": approver_label(session, tenant, leave, state, who),
            "office_report_label": labels.word(leave.office_report) if leave.office_report else None,
            "decided_by": who(leave.decided_by_id) if leave.decided_by_id else None,
            "designated_post": designated.title if designated else None}


def department_names(session: Session, tenant_id: int) -> dict[int, str]:
    """Every department of the tenant by id, in the order the org chart lists them: kept with the
    org under its stamp (org/state_cache.py), so asking costs no statement while the org is unchanged."""
    return dict(state_cache.department_names(session, tenant_id, _read_state))  # a copy: the kept one is shared
