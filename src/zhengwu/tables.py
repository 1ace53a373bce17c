"""Every table of every domain, imported in one place so Alembic sees the whole schema."""

from zhengwu.core import audit, audit_index, checkpoints, idempotency, serials, sessions, tenants, users  # noqa: F401
from zhengwu.core.base import Base
from zhengwu.deadlines import models as deadlines_models  # noqa: F401
from zhengwu.decisions import models as decisions_models  # noqa: F401
from zhengwu.disclosure import models as disclosure_models  # noqa: F401
from zhengwu.emergency import models as emergency_models  # noqa: F401
from zhengwu.holiday_notices import models as holiday_notice_models  # noqa: F401
from zhengwu.meetings import models as meetings_models  # noqa: F401
from zhengwu.onboarding import models as onboarding_models  # noqa: F401
from zhengwu.org import models as org_models  # noqa: F401
from zhengwu.supervision import models as supervision_models  # noqa: F401

from zhengwu.documents import models as document_models  # noqa: F401
from zhengwu.files import models as files_models  # noqa: F401
from zhengwu.notices import models as notices_models  # noqa: F401

metadata = Base.metadata
