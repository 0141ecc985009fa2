"""Creating reading sessions, finding the ones a user may see, and each reader's progress."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..errors import Forbidden, Invalid, NotFound
from ..studies.joint_rows import done_analysis
from ..studies.models import Joint, Study
from ..studies.reporting import visit_date
from .models import ReadingSession, SessionGrade, SessionItem, SessionRead, SessionReader
from .schemas import DB_INT_MAX


def find_session(db: Session, session_id: int, user: User) -> ReadingSession:
    """The session, for an administrator of its team or one of its readers; else a 404."""
    session = db.get(ReadingSession, session_id)
    if session is None or session.team_id != user.team_id:
        raise NotFound("session.not_found", session_id=session_id)
    if not user.is_admin and not is_reader(session, user):
        raise NotFound("session.not_found", session_id=session_id)
    return session


def is_reader(session: ReadingSession, user: User) -> bool:
    return any(r.user_id == user.id for r in session.readers)


def visible_sessions(db: Session, user: User) -> list[ReadingSession]:
    """An administrator's: every session of the team; a reader's: those they read in."""
    query = select(ReadingSession).where(ReadingSession.team_id == user.team_id)
    if not user.is_admin:
        query = query.join(SessionReader).where(SessionReader.user_id == user.id)
    return list(db.scalars(query.order_by(ReadingSession.created_at.desc(), ReadingSession.id)))


def create_session(
    db: Session,
    user: User,
    name: str,
    study_ids: Sequence[str],
    reader_ids: Sequence[int],
    show_model_grades: bool,
    order: str,
    blind_to_each_other: bool,
) -> ReadingSession:
    if not user.is_admin:
        raise Forbidden("session.admin_only")
    if not study_ids:
        raise Invalid("session.no_studies")
    if not reader_ids:
        raise Invalid("session.no_readers")
    studies = _analysed_studies(db, user.team_id, _study_numbers(study_ids))
    reader_ids = list(dict.fromkeys(reader_ids))
    readers = _team_readers(db, user.team_id, reader_ids)
    session = ReadingSession(
        team_id=user.team_id,
        name=name,
        created_by_id=user.id,
        show_model_grades=show_model_grades,
        reading_order=order,
        blind_to_each_other=blind_to_each_other,
        readers=[SessionReader(user_id=r.id) for r in readers],
    )
    items = [SessionItem(study_id=s.id, analysis_id=done_analysis(s).id) for s in studies]
    session.items = items
    db.add(session)
    db.flush()
    joints = _joints_by_analysis(db, [i.analysis_id for i in items])
    chronological = [
        item
        for item, _ in sorted(
            zip(items, studies, strict=True), key=lambda p: _chronological_key(p[1])
        )
    ]
    earlier_orders: list[list[SessionItem]] = []
    for reader in readers:
        queue = chronological if order == "chronological" else _shuffled(items, earlier_orders)
        earlier_orders.append(queue)
        for position, item in enumerate(queue, start=1):
            read = SessionRead(item_id=item.id, user_id=reader.id, position=position)
            read.grades = [_first_grades(j, show_model_grades) for j in joints[item.analysis_id]]
            db.add(read)
    db.commit()
    return session


def _study_numbers(study_ids: Sequence[str]) -> list[int]:
    numbers = []
    for text in study_ids:
        number = int(text) if text.strip().isdigit() else 0
        if not 1 <= number <= DB_INT_MAX:
            raise Invalid("session.study_not_ready", study_id=text)
        numbers.append(number)
    return list(dict.fromkeys(numbers))


def _analysed_studies(db: Session, team_id: int, study_ids: list[int]) -> list[Study]:
    found = {
        s.id: s
        for s in db.scalars(
            select(Study).where(Study.id.in_(study_ids), Study.team_id == team_id)
        ).unique()
    }
    for study_id in study_ids:
        study = found.get(study_id)
        if study is None or study.deleted_at is not None or not _analysed(study):
            raise Invalid("session.study_not_ready", study_id=study_id)
    return [found[i] for i in study_ids]


def _analysed(study: Study) -> bool:
    return study.analysis is not None and study.analysis.status == "done"


def _team_readers(db: Session, team_id: int, reader_ids: list[int]) -> list[User]:
    found = {
        u.id: u
        for u in db.scalars(
            select(User).where(User.id.in_(reader_ids), User.team_id == team_id, User.is_active)
        )
    }
    for user_id in reader_ids:
        if user_id not in found:
            raise Invalid("session.reader_unknown", user_id=user_id)
    return [found[i] for i in reader_ids]


def _joints_by_analysis(db: Session, analysis_ids: list[int]) -> dict[int, list[Joint]]:
    joints: dict[int, list[Joint]] = {i: [] for i in analysis_ids}
    for joint in db.scalars(select(Joint).where(Joint.analysis_id.in_(analysis_ids))):
        joints[joint.analysis_id].append(joint)
    return joints


def _chronological_key(study: Study) -> tuple:
    """Per patient, visits by date; studies without a patient code last."""
    code = study.patient.code if study.patient else None
    return (code is None, code or "", visit_date(study), study.id)


def _shuffled(items: list[SessionItem], earlier: list[list[SessionItem]]) -> list[SessionItem]:
    """A new random order, unlike every earlier reader's where the items allow it."""
    generator = random.SystemRandom()
    queue = list(items)
    for _ in range(20):
        generator.shuffle(queue)
        if queue not in earlier:
            break
    return queue


def _first_grades(joint: Joint, show_model_grades: bool) -> SessionGrade:
    """A reader's grades start empty, or as the model's when the session shows them."""
    from_model = show_model_grades and joint.present
    return SessionGrade(
        side=joint.side,
        code=joint.code,
        erosion=joint.erosion_model if from_model else None,
        jsn=joint.jsn_model if from_model else None,
    )


def progress(db: Session, session: ReadingSession) -> dict[int, tuple[int, int]]:
    """(done, total) reads by reader's user id."""
    rows = db.execute(
        select(
            SessionRead.user_id,
            func.count(SessionRead.done_at),
            func.count(),
        )
        .join(SessionItem)
        .where(SessionItem.session_id == session.id)
        .group_by(SessionRead.user_id)
    )
    counts = {user_id: (done, total) for user_id, done, total in rows}
    return {r.user_id: counts.get(r.user_id, (0, 0)) for r in session.readers}


def is_complete(db: Session, session: ReadingSession) -> bool:
    return all(done == total for done, total in progress(db, session).values())


def session_view(db: Session, session: ReadingSession, user: User) -> dict:
    """The session as the API shows it; a blinded reader sees only their own progress."""
    counts = progress(db, session)
    readers = [
        {
            "id": r.user_id,
            "name": r.user.username,
            "done": counts[r.user_id][0],
            "total": counts[r.user_id][1],
        }
        for r in session.readers
        if user.is_admin or not session.blind_to_each_other or r.user_id == user.id
    ]
    return {
        "id": session.id,
        "name": session.name,
        "created_at": session.created_at,
        "status": "complete" if all(d == t for d, t in counts.values()) else "open",
        "show_model_grades": session.show_model_grades,
        "order": session.reading_order,
        "blind_to_each_other": session.blind_to_each_other,
        "study_count": len(session.items),
        "readers": readers,
    }
