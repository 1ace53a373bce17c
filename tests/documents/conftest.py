"""Sample documents in the shape a 区政府 issues them (content is illustrative)."""

from __future__ import annotations

from datetime import date

import pytest

from zhengwu.printing.layout import Minutes, MinutesItem, OfficialDocument


@pytest.fixture
def upward_request() -> OfficialDocument:
    """A 请示 from the 区政府 to the 市政府: 上行文, so the 签发人 shows on the number line."""
    return OfficialDocument(
        issuer_mark="盘锦市大洼区人民政府文件",
        doc_number="大政〔2024〕12号",
        doc_type="request",
        signer="王志刚",
        urgency="加急",
        title="盘锦市大洼区人民政府关于拨付2024年\n农村公路养护补助资金的请示",
        main_recipients="盘锦市人民政府",
        body=(
            "我区现有农村公路486.3公里，其中县道112.5公里、乡道201.6公里、村道172.2公里。"
            "受去年汛期强降雨影响，部分路段出现路面沉陷、边沟淤塞等病害，亟需养护维修。",
            "一、资金需求",
            "经区交通运输局测算，2024年全区农村公路养护需资金1860万元，区级财政已安排930万元，"
            "尚有缺口930万元。",
            "二、使用方向",
            "（一）病害路段维修。对清水镇、新开镇等6个镇街的38.4公里病害路段进行维修。",
            "（二）安全设施完善。增设波形护栏12.6公里、警示标志210块。",
            "恳请市政府按照省、市农村公路养护补助标准，拨付我区2024年农村公路养护补助资金930万元。",
            "妥否，请批示。",
        ),
        issuing_authority="盘锦市大洼区人民政府",
        date=date(2024, 3, 18),
        annotation="联系人：李明，电话：0427-6888123",
        printing_office="盘锦市大洼区人民政府办公室",
        printing_date=date(2024, 3, 18),
    )


@pytest.fixture
def notice_with_attachments() -> OfficialDocument:
    """A 通知 of the 区政府办公室 (下行文) issuing a work plan, with two attachments."""
    return OfficialDocument(
        issuer_mark="盘锦市大洼区人民政府办公室文件",
        doc_number="大政办发〔2024〕8号",
        doc_type="notice",
        title="盘锦市大洼区人民政府办公室关于印发\n大洼区2024年安全生产工作要点的通知",
        main_recipients="各镇人民政府、街道办事处，区政府各部门，各有关单位",
        body=(
            "经区政府同意，现将《大洼区2024年安全生产工作要点》印发给你们，请结合实际，认真贯彻落实。",
            "一、提高思想认识",
            "各单位要切实把安全生产摆在突出位置，主要负责同志亲自部署、亲自检查。",
            "二、压实工作责任",
            "（一）落实属地责任。各镇街要健全安全生产网格化监管体系，做到横向到边、纵向到底。",
            "（二）落实部门责任。按照“管行业必须管安全”的要求，明确各行业主管部门监管职责。",
            "1.建立清单。各部门于4月30日前报送本行业安全生产权责清单。",
            "2.定期调度。每季度末召开一次安全生产形势分析会。",
            "三、强化督查考核",
            "区安委会办公室要加强督查检查，对工作不力、造成严重后果的，依法依规严肃追责问责。",
        ),
        attachments=("大洼区2024年安全生产工作要点", "大洼区安全生产重点任务分工表"),
        issuing_authority="盘锦市大洼区人民政府办公室",
        date=date(2024, 3, 5),
        annotation="此件公开发布",
        copy_to=("区委各部门，区人大常委会办公室，区政协办公室", "区法院，区检察院"),
        printing_office="盘锦市大洼区人民政府办公室",
        printing_date=date(2024, 3, 6),
    )


@pytest.fixture
def executive_minutes() -> Minutes:
    """A 常务会议纪要 with two 议定事项, attendance, leave and observers."""
    return Minutes(
        issuer_mark="大洼区人民政府常务会议纪要",
        number="第3期",
        issuing_office="盘锦市大洼区人民政府办公室",
        meeting_title="区政府2024年第3次常务会议",
        date=date(2024, 3, 12),
        place="区政府第一会议室",
        chair="区长王志刚",
        items=(
            MinutesItem(
                heading="关于大洼区2024年农村公路养护工作的问题",
                paragraphs=(
                    "会议听取了区交通运输局关于2024年农村公路养护工作的汇报。",
                    "会议原则同意区交通运输局提出的养护计划，由区财政局统筹安排区级配套资金930万元。",
                ),
            ),
            MinutesItem(
                heading="关于修订《大洼区政府投资项目管理办法》的问题",
                paragraphs=("会议原则通过修订稿，由区司法局进行合法性审查后，按程序印发实施。",),
            ),
        ),
        attendees=("王志刚", "刘海东", "陈晓燕", "赵立新", "孙丽"),
        absent=("周建国（出差）",),
        observers=("区政府办公室、区财政局、区交通运输局、区司法局负责同志",),
        recorder="李明",
        distribution=("区委常委，区人大常委会主任、副主任，区政协主席、副主席", "区政府各部门"),
        printing_office="盘锦市大洼区人民政府办公室",
        printing_date=date(2024, 3, 14),
    )


# --- a government office per seed profile, built through the real services ------------------

from documents_support import PREFIXES, Office  # noqa: E402
from support import TEST_NOW  # noqa: E402
from zhengwu.core.uow import Actor, unit_of_work  # noqa: E402
from zhengwu.documents import issuing  # noqa: E402
from zhengwu.org.demo import seed_org  # noqa: E402
from zhengwu.rulebook.profile import load_profile  # noqa: E402


@pytest.fixture
def make_office(db, make_tenant):
    def make(profile_id: str) -> Office:
        profile = load_profile(profile_id)
        slug = profile_id.split("-")[0].replace("wuhai", "hainan")
        tenant = make_tenant(slug=slug, profile_id=profile_id, name=profile.name)
        office = Office(db, tenant)
        with unit_of_work(db, Actor.system("测试"), "demo.seed", tenant_id=tenant.id, now=TEST_NOW) as uow:
            seed_org(uow, uow.session.merge(tenant), True)
        government, office_prefix = PREFIXES[profile_id]
        office.run("office", "document.set_prefix", lambda uow: issuing.set_number_prefix(
            uow, issuer="government", prefix=government, issuer_mark=f"{profile.name}文件", authority=profile.name))
        office.run("office", "document.set_prefix", lambda uow: issuing.set_number_prefix(
            uow, issuer="office", prefix=office_prefix, issuer_mark=f"{profile.name}办公室文件",
            authority=f"{profile.name}办公室"))
        return office

    return make


# The web app over the test database, as the platform's web tests build it.
from web.conftest import app, client, clock, settings  # noqa: E402,F401


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch):
    """Each office has seventeen people; argon2 at its production cost would dominate these tests."""
    from argon2 import PasswordHasher

    from zhengwu.core import users

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
