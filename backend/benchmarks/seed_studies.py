"""Seed a team's worklist with many finished studies, as real rows, in a few bulk statements.

    .venv/bin/python backend/benchmarks/seed_studies.py [--count 10000] [--team default]
        [--data-dir var]

Uses DATABASE_URL when set, else the embedded database under --data-dir (as rasharp-admin).
Every study shares one stored radiograph; most are done with 30 graded joints (two hands), the
rest queued, running or failed. The joints' values come from the service's own code
(JointResult, apply_joint_result) for a few grade patterns, then are copied set-wise in SQL.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import time

from sqlalchemy import Connection, select, text

from rasharp.results import GradeResult, JointResult
from rasharp.scheme import GRADE_RANGES, JOINTS, SIDES
from rasharp_service.auth.models import User
from rasharp_service.auth.service import team_named
from rasharp_service.db import get_engine, new_session
from rasharp_service.storage import get_storage
from rasharp_service.studies.joint_rows import apply_joint_result
from rasharp_service.studies.models import Joint

SEED_PREFIX = "SEED-"
GRADE_PATTERNS = 8
WIDTH, HEIGHT = 512, 640
JOINT_COLUMNS = [
    c.name for c in Joint.__table__.c if c.name not in ("id", "analysis_id", "model_output")
]


def _radiograph_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (WIDTH, HEIGHT), 90).save(out, format="PNG")
    return out.getvalue()


def _joint_templates() -> list[dict]:
    """Each pattern's 30 joints, with grades from a fixed rule, as the worker would store them."""
    rows = []
    for pattern in range(GRADE_PATTERNS):
        for s, side in enumerate(SIDES):
            for i, joint in enumerate(JOINTS):

                def grade(kind: str, score: int) -> GradeResult:
                    classes = GRADE_RANGES[kind].classes
                    score = score % classes
                    probabilities = [0.02] * classes
                    probabilities[score] = 1 - 0.02 * (classes - 1)
                    return GradeResult(score, probabilities)

                result = JointResult(
                    side=side,
                    joint=joint.code,
                    x=20.0 + 25 * i,
                    y=40.0 + 300 * s,
                    confidence=0.9,
                    box=[10.0 + 25 * i, 30.0 + 300 * s, 30.0 + 25 * i, 50.0 + 300 * s],
                    erosion=grade("erosion", pattern + i),
                    jsn=grade("jsn", pattern * 2 + i) if joint.scores("jsn") else None,
                ).to_json()
                row = Joint(side=side, code=joint.code, present=True, x=result["x"], y=result["y"])
                apply_joint_result(row, result, follow_model=True)
                values = {c: getattr(row, c) for c in JOINT_COLUMNS}
                values.update(moved=False, rescore_pending=False, move_count=0)
                rows.append({"pattern": pattern, "model_output": result, **values})
    return rows


def seed_studies(count: int, team: str = "default") -> int:
    """Add ``count`` studies to the team (created if absent); returns how many were added."""
    with new_session() as db:
        team_id = team_named(db, team).id
        uploader = db.scalar(select(User.id).where(User.team_id == team_id).limit(1))
        if uploader is None:
            raise SystemExit(f"team {team!r} has no user to be the uploader; create one first")
        db.commit()

    png = _radiograph_png()
    digest = hashlib.sha256(png).hexdigest()
    key = f"radiographs/{digest[:2]}/{digest}.png"
    storage = get_storage()
    if not storage.exists(key):
        storage.write(key, png)

    with get_engine().begin() as conn:
        radiograph_id = conn.execute(
            text("""
                INSERT INTO radiographs (sha256, storage_key, format, size_bytes, width, height,
                                         created_at)
                VALUES (:sha, :key, 'png', :size, :w, :h, now())
                ON CONFLICT (sha256) DO UPDATE SET storage_key = EXCLUDED.storage_key
                RETURNING id"""),
            {"sha": digest, "key": key, "size": len(png), "w": WIDTH, "h": HEIGHT},
        ).scalar_one()
        first = _next_number(conn, team_id)
        patients = max(1, count // 3)  # three studies per patient, as follow-ups
        conn.execute(
            text("""
                INSERT INTO patients (team_id, code, birth_year, sex, created_at)
                SELECT :team, :prefix || lpad(n::text, 6, '0'), 1940 + n % 50,
                       (ARRAY['F', 'M', 'X'])[1 + n % 3], now()
                FROM generate_series(:first, :first + :patients - 1) n
                ON CONFLICT (team_id, code) DO NOTHING"""),
            {"team": team_id, "prefix": SEED_PREFIX, "first": first, "patients": patients},
        )
        conn.execute(
            text("""
                CREATE TEMP TABLE seeded ON COMMIT DROP AS
                SELECT n, NULL::integer AS study_id FROM generate_series(0, :count - 1) n"""),
            {"count": count},
        )
        conn.execute(
            text("""
                WITH inserted AS (
                    INSERT INTO studies (team_id, patient_id, radiograph_id, uploaded_by_id,
                                         original_name, requested_side, created_at)
                    SELECT :team, p.id, :radiograph, :uploader,
                           'hands-' || (:first + n) || '.png', 'auto',
                           now() - make_interval(mins => n * 7)
                    FROM seeded
                    JOIN patients p ON p.team_id = :team
                     AND p.code = :prefix || lpad((:first + n % :patients)::text, 6, '0')
                    RETURNING id, original_name)
                UPDATE seeded SET study_id = inserted.id FROM inserted
                WHERE inserted.original_name = 'hands-' || (:first + seeded.n) || '.png'"""),
            {
                "team": team_id,
                "radiograph": radiograph_id,
                "uploader": uploader,
                "first": first,
                "patients": patients,
                "prefix": SEED_PREFIX,
            },
        )
        # One in 50 still queued, one in 100 running, one in 40 failed; the rest done.
        conn.execute(
            text("""
                INSERT INTO analyses (study_id, status, attempts, error, model_versions,
                                      timings_ms, hands, queued_at, started_at, finished_at)
                SELECT study_id, status, 1,
                       CASE WHEN status = 'failed' THEN 'No hand was found on this radiograph.'
                       END,
                       '{"localizer": "seed", "scorer": "seed"}', '{}',
                       CASE WHEN status = 'done' THEN
                         '[{"side": "right", "box": [0, 0, 250, 300], "side_source": "thumb"},
                           {"side": "left", "box": [260, 0, 510, 300], "side_source": "thumb"}]'
                       ELSE '[]' END::jsonb,
                       now(), now(), CASE WHEN status IN ('done', 'failed') THEN now() END
                FROM (SELECT study_id, CASE WHEN n % 50 = 1 THEN 'queued'
                                            WHEN n % 100 = 2 THEN 'running'
                                            WHEN n % 40 = 3 THEN 'failed'
                                            ELSE 'done' END AS status
                      FROM seeded) s"""),
        )
        conn.execute(
            text(
                "CREATE TEMP TABLE joint_templates (pattern integer, model_output jsonb, "
                + ", ".join(f"{c} {_sql_type(c)}" for c in JOINT_COLUMNS)
                + ") ON COMMIT DROP"
            )
        )
        columns = ["pattern", "model_output", *JOINT_COLUMNS]
        conn.execute(
            text(
                f"INSERT INTO joint_templates ({', '.join(columns)}) VALUES ("
                + ", ".join(
                    f"CAST(:{c} AS jsonb)" if c in _JSON_COLUMNS else f":{c}" for c in columns
                )
                + ")"
            ),
            [_as_params(row) for row in _joint_templates()],
        )
        conn.execute(
            text(f"""
                INSERT INTO joints (analysis_id, model_output, {", ".join(JOINT_COLUMNS)})
                SELECT a.id, t.model_output, {", ".join("t." + c for c in JOINT_COLUMNS)}
                FROM seeded
                JOIN analyses a ON a.study_id = seeded.study_id AND a.status = 'done'
                JOIN joint_templates t ON t.pattern = a.id % {GRADE_PATTERNS}""")
        )
        conn.execute(text("ANALYZE patients, studies, analyses, joints"))
    return count


def _next_number(conn: Connection, team_id: int) -> int:
    """Seeded names continue after any earlier seeding of the team."""
    return conn.execute(
        text("SELECT count(*) FROM studies WHERE team_id = :team AND original_name LIKE 'hands-%'"),
        {"team": team_id},
    ).scalar_one()


_JSON_COLUMNS = {"model_output", "box", "erosion_probabilities", "jsn_probabilities"}


def _sql_type(column: str) -> str:
    if column in _JSON_COLUMNS:
        return "jsonb"
    return Joint.__table__.c[column].type.compile(get_engine().dialect)


def _as_params(row: dict) -> dict:
    import json

    return {k: json.dumps(v) if k in _JSON_COLUMNS else v for k, v in row.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--team", default="default")
    parser.add_argument("--data-dir", default="var", help="folder of the embedded database")
    args = parser.parse_args()

    from rasharp_service.bootstrap import Environment

    environment = Environment(args.data_dir, need_redis=False)
    environment.start()
    try:
        start = time.perf_counter()
        added = seed_studies(args.count, args.team)
        print(
            f"seeded {added} studies in team {args.team!r} in {time.perf_counter() - start:.1f} s"
        )
    finally:
        environment.stop()


if __name__ == "__main__":
    main()
