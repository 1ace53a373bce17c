"""`zhengwu meetings cadence|attendance` over a seeded 大连 (常务会议 monthly, 第三十八条)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from meeting_support import china, seen
from zhengwu.cli.main import app
from zhengwu.meetings import scheduling


@pytest.mark.parametrize("profile_id", ["dalian-2014"])
def test_cadence_and_attendance_commands(make_gov, database_url, profile_id):
    gov = make_gov(profile_id)
    head = gov.user("head")
    meeting = gov.run("sun", "meetings.schedule", lambda uow: scheduling.schedule_meeting(
        uow, kind="executive", title="常务会议", starts_at=china(2024, 4, 11), ends_at=china(2024, 4, 11, 11),
        chair_id=head.id))
    gov.run("sun", "meetings.record_attendance", lambda uow: scheduling.record_attendance(
        uow, meeting_id=meeting.id, present_ids=[head.id], expected_version=seen(uow, meeting_id=meeting.id)), now=china(2024, 4, 11, 12))
    env = {"ZHENGWU_DATABASE_URL": database_url}
    runner = CliRunner()
    result = runner.invoke(app, ["meetings", "cadence", "--tenant", gov.tenant.slug, "--from", "2024-04-01",
                                 "--to", "2024-05-31"], env=env)
    assert result.exit_code == 1, result.output
    assert "市政府常务会议\t2024-05-01—2024-05-31\t召开 0 次，应 1 次\tdalian-2014:38" in result.output
    assert "2024-04-01" not in result.output
    result = runner.invoke(app, ["meetings", "attendance", "--tenant", gov.tenant.slug, "--from", "2024-04-01",
                                 "--to", "2024-04-30"], env=env)
    assert result.exit_code == 0 and f"{head.display_name}\t1\t1\t0\t0" in result.output
