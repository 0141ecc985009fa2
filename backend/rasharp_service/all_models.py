"""Every table, imported in one place so that Alembic and the tests see the whole schema."""

from .audit.models import AuditEvent  # noqa: F401
from .auth.models import LoginSession, Team, User  # noqa: F401
from .datasets.models import DatasetSnapshot  # noqa: F401
from .db import Base  # noqa: F401
from .disclaimer.models import DisclaimerAcceptance  # noqa: F401
from .folder_imports.models import FolderImport, FolderImportFile  # noqa: F401
from .pacs.models import PacsEndpoint, PacsImport, PacsOrigin, PacsSend  # noqa: F401
from .reading_sessions.models import (  # noqa: F401
    Adjudication,
    ReadingSession,
    SessionGrade,
    SessionItem,
    SessionRead,
    SessionReader,
)
from .registry.models import ModelChange, ModelVersion  # noqa: F401
from .studies.models import Analysis, GradeEdit, Heatmap, Joint, Patient, Radiograph, Study  # noqa: F401
from .training.models import TrainingRun  # noqa: F401
