"""Every word in both languages: refusals carry a code the UI translates, the disclaimer is read
and accepted in the reader's language, and the exports speak it too."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from rasharp_service.errors import MESSAGES, params_of

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend" / "rasharp_service"
SERVER_MESSAGES = REPO / "frontend" / "src" / "features" / "i18n" / "serverMessages.ts"
GENERATED_OPENAPI = REPO / "frontend" / "src" / "api" / "openapi.json"


def _refusal(response, status: int, code: str) -> dict:
    """The body of a refusal, checked for the one shape every refusal has."""
    body = response.json()
    assert response.status_code == status, response.text
    assert set(body) == {"detail", "code", "params"}, body
    assert body["code"] == code, body
    assert body["detail"] == MESSAGES[code].format(**body["params"])
    return body


def test_refusals_carry_a_code_its_values_and_the_english_sentence(app, client_for, make_user):
    from fastapi.testclient import TestClient

    username, _, _ = make_user()
    with TestClient(app) as anonymous:
        wrong = anonymous.post("/api/auth/login", json={"username": username, "password": "x" * 12})
        assert _refusal(wrong, 401, "auth.wrong_credentials")["detail"] == (
            "Wrong username or password."
        )
        _refusal(anonymous.get("/api/studies"), 401, "auth.not_signed_in")
        # refused by the body-size middleware, before any route runs
        upload = anonymous.post("/api/studies", files={"file": ("a.png", b"x", "image/png")})
        _refusal(upload, 401, "auth.not_signed_in")
        _refusal(anonymous.get("/api/no-such-thing"), 404, "request.no_route")

    client = client_for()
    empty = client.post("/api/studies", files={"file": ("hand.png", b"", "image/png")})
    body = _refusal(empty, 422, "upload.file_empty")
    assert body["params"]["name"] == "hand.png" and "JPEG" in body["params"]["accepted"]
    not_image = client.post("/api/studies", files={"file": ("notes.png", b"hello" * 20)})
    assert _refusal(not_image, 422, "upload.file_not_image")["params"]["name"] == "notes.png"
    side = client.post(
        "/api/studies", files={"file": ("a.png", b"x", "image/png")}, data={"side": "both"}
    )
    assert _refusal(side, 422, "upload.side_invalid")["params"] == {
        "side": "both",
        "accepted": "auto, left, right",
    }
    missing = client.get("/api/studies/987654")
    assert _refusal(missing, 404, "study.not_found")["params"] == {"study_id": 987654}
    invalid = client.get("/api/studies?limit=abc")
    assert "limit" in _refusal(invalid, 422, "request.invalid")["params"]["problems"]


def test_a_grade_out_of_range_names_the_joint_the_kind_and_the_range(client_for, seeded_study):
    client = client_for()
    study_id = seeded_study(client)
    response = client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"jsn": 7})
    body = _refusal(response, 422, "grade.out_of_range")
    assert body["params"] == {"joint": "MCP2", "kind": "jsn", "minimum": 0, "maximum": 4}
    assert body["detail"] == "jsn grade of MCP2 must be an integer 0-4."


def test_the_openapi_documents_the_error_body_with_every_code():
    """The committed OpenAPI (and the UI's types made from it) lists every code the service has:
    a new code needs `npm run generate-client` in frontend/."""
    document = json.loads(GENERATED_OPENAPI.read_text())
    schema = document["components"]["schemas"]["ErrorBody"]
    assert schema["properties"]["code"]["enum"] == list(MESSAGES), (
        "src/api is out of date with backend/rasharp_service/errors.py: "
        "run `npm run generate-client` in frontend/"
    )
    login = document["paths"]["/api/auth/login"]["post"]["responses"]
    assert login["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }


def _translations(language_block: str) -> dict[str, str]:
    text = SERVER_MESSAGES.read_text()
    start = text.index(f"export const {language_block}")
    end = text.index("\n};", start)
    return dict(re.findall(r'"server\.([\w.]+)":\s*"((?:[^"\\]|\\.)*)"', text[start:end]))


@pytest.mark.parametrize("block", ["serverEn", "serverRu"])
def test_every_code_the_service_sends_has_a_translation(block):
    translations = _translations(block)
    missing = [code for code in MESSAGES if code not in translations]
    assert missing == [], f"{SERVER_MESSAGES.name} ({block}) has no text for: {missing}"
    for code in MESSAGES:
        used = set(re.findall(r"\{(\w+)\}", translations[code]))
        unsent = used - params_of(code)
        assert not unsent, f"{block} {code} names values the service does not send: {unsent}"
    if block == "serverRu":
        assert all(re.search("[а-яё]", translations[c]) for c in MESSAGES if c != "untranslated")


COMMAND_LINE = {"serve.py", "admin_cli.py"}  # they print to a terminal, not to the UI


def test_no_refusal_is_raised_as_a_bare_sentence():
    """A refusal is raised with a code of errors.MESSAGES, so that the UI can translate it."""
    raised = re.compile(
        r"\b(?:ServiceError|Unauthorized|Forbidden|NotFound|Conflict|Invalid|TooLarge|"
        r"TooManyRequests|Unavailable|WeakPassword)\(\s*f?\"([^\"]*)\"",
    )
    found = {
        f"{path.relative_to(REPO)}: {match}"
        for path in BACKEND.rglob("*.py")
        if path.name not in COMMAND_LINE
        for match in raised.findall(path.read_text())
        if match not in MESSAGES
    }
    assert found == set()
    sources = "".join(p.read_text() for p in BACKEND.rglob("*.py"))
    assert re.search(r"HTTPException\([^)]*\"", sources) is None  # a sentence without a code


def test_the_disclaimer_is_read_and_accepted_in_the_readers_language(client_for, db):
    from sqlalchemy import select

    from rasharp_service.auth.models import User
    from rasharp_service.disclaimer.models import DisclaimerAcceptance

    client = client_for(accept=False)
    english = client.get("/api/disclaimer").json()
    russian = client.get("/api/disclaimer?lang=ru").json()
    assert english["language"] == "en" and "research use only" in english["text"]
    assert russian["language"] == "ru" and "только для исследований" in russian["text"]
    assert russian["version"] == english["version"] and russian["accepted_language"] is None

    outdated = client.post("/api/disclaimer/accept", json={"version": "1999-1", "language": "ru"})
    assert (
        _refusal(outdated, 409, "disclaimer.outdated")["params"]["current"] == (russian["version"])
    )
    accepted = client.post(
        "/api/disclaimer/accept", json={"version": russian["version"], "language": "ru"}
    ).json()
    assert accepted["accepted"] is True and accepted["accepted_language"] == "ru"
    assert "только для исследований" in accepted["text"]
    user = db.scalar(select(User).where(User.username == client.username))
    rows = db.execute(
        select(DisclaimerAcceptance.version, DisclaimerAcceptance.language).where(
            DisclaimerAcceptance.user_id == user.id
        )
    ).all()
    assert [tuple(r) for r in rows] == [(russian["version"], "ru")]
    assert client.get("/api/disclaimer").json()["accepted_language"] == "ru"


def test_every_disclaimer_version_exists_in_every_language():
    from rasharp_service.disclaimer.service import DISCLAIMER_TEXTS, DISCLAIMER_VERSION, LANGUAGES

    assert DISCLAIMER_VERSION in DISCLAIMER_TEXTS
    for version, texts in DISCLAIMER_TEXTS.items():
        assert set(texts) == set(LANGUAGES), version
        assert all(len(text) > 200 for text in texts.values()), version


def test_the_csv_says_which_joints_were_moved_who_changed_them_and_by_which_models(
    client_for, seeded_study
):
    client = client_for()
    study_id = seeded_study(client, patient_code="P/7 x")
    client.patch(f"/api/studies/{study_id}/joints/left/MCP2", json={"erosion": 4})
    moved = client.put(
        f"/api/studies/{study_id}/joints/right/PIP3/position", json={"x": 50, "y": 60}
    )
    assert moved.status_code == 202, moved.text

    response = client.get(f"/api/studies/{study_id}/export.csv")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert re.fullmatch(rf"rasharp-P_7_x-\d{{4}}-\d{{2}}-\d{{2}}-study-{study_id}\.csv", name)
    rows = {(r["side"], r["joint"]): r for r in csv.DictReader(io.StringIO(response.text))}
    assert list(next(iter(rows.values())))[-3:] == ["moved", "reader", "model"]
    assert (rows["right", "PIP3"]["moved"], rows["right", "PIP3"]["reader"]) == (
        "1",
        client.username,
    )
    assert (rows["left", "MCP2"]["moved"], rows["left", "MCP2"]["reader"]) == ("0", client.username)
    assert (rows["left", "PIP3"]["moved"], rows["left", "PIP3"]["reader"]) == ("0", "")
    assert {r["model"] for r in rows.values()} == {"localizer test-loc; scorer test-sc"}


@pytest.mark.usefixtures("worker")
def test_a_russian_pdf_of_a_one_hand_film_has_cyrillic_text_and_one_side(
    client_for, seeded_study, db
):
    from pypdf import PdfReader
    from sqlalchemy import delete, select

    from rasharp_service.studies.models import Analysis, Joint

    client = client_for()
    study_id = seeded_study(client, patient_code="Петров-02")
    analysis_id = db.scalar(select(Analysis.id).where(Analysis.study_id == study_id))
    db.execute(delete(Joint).where(Joint.analysis_id == analysis_id, Joint.side == "left"))
    db.commit()
    client.patch(f"/api/studies/{study_id}/joints/right/MCP3", json={"erosion": 5})

    # no lang parameter: the browser's Accept-Language chooses Russian
    response = client.get(
        f"/api/studies/{study_id}/export.pdf",
        headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"},
    )
    assert response.status_code == 200, response.text
    name = unquote(response.headers["content-disposition"].split("filename*=UTF-8''")[1])
    assert re.fullmatch(rf"rasharp-Петров-02-\d{{4}}-\d{{2}}-\d{{2}}-study-{study_id}\.pdf", name)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    for word in ("Оценки", "Сустав", "Справа", "Эрозии", "Сужение щелей", "Суммы", "Дата визита"):
        assert word in text, word
    assert "Слева" not in text and "Left" not in text and "Right" not in text
    assert "На этом снимке только правая кисть." in text
    assert "не отображён на снимке" in text and "not found" not in text
    assert "пястно-фаланговый 3" in text
    assert f"Правая MCP3, эрозии: 0 → 5, изменил(а) {client.username}" in text
    assert "1.50 мм (на детекторе), 0.18 ширины кости" in text
    for page in pages:
        assert "Только для исследований" in page

    english = client.get(f"/api/studies/{study_id}/export.pdf?lang=en")
    english_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(english.content)).pages)
    assert "Only the right hand is on this film." in english_text and "Left" not in english_text


def test_the_reports_language_follows_accept_language():
    from rasharp_service.exports.labels import language_from

    assert language_from("ru-RU,ru;q=0.9") == "ru"
    assert language_from("de-DE,ru;q=0.8,en;q=0.5") == "ru"
    assert language_from("en-GB,ru;q=0.5") == "en"
    assert language_from("fr") == "en" and language_from(None) == "en"


def test_every_reason_for_a_missing_joint_space_width_is_in_the_russian_pdf():
    """The reasons the measuring code gives (found in its source), translated for the report."""
    from rasharp_service.exports.labels import jsw_reason

    sources = ["jsw.py", "reference.py", "scoring/infer.py"]
    text = "\n".join((REPO / "models" / "rasharp" / name).read_text() for name in sources)
    said = re.compile(
        r"(?:NO_VALLEY =|return(?: None,)?|reason=|reasons\.append\(|NoJointSpace\()\s*\(?\s*"
        r"(f?\"[^\"]+\"(?:\s*f?\"[^\"]+\")*)"
    )
    reasons = {
        re.sub(r"\{[^}]+\}", "MCP2", "".join(re.findall(r"\"([^\"]*)\"", literal)))
        for literal in said.findall(text)
    }
    reasons = {r for r in reasons if " " in r}  # sentences, not keys or file names
    assert len(reasons) >= 15, reasons
    untranslated = [r for r in reasons if not re.search("[а-яё]", jsw_reason("ru", r))]
    assert untranslated == []
    assert jsw_reason("en", "no z-score: no reference values for MCP2") == (
        "no z-score: no reference values for MCP2"
    )


def test_the_ui_says_the_same_reasons_from_the_generated_list():
    """The UI's table takes the Russian reasons from src/api/jswReasons.ts, written from the
    service's list: a change needs `npm run generate-client` in frontend/."""
    from rasharp_service.exports.labels import typescript

    generated = REPO / "frontend" / "src" / "api" / "jswReasons.ts"
    assert generated.read_text() == typescript(), (
        "src/api/jswReasons.ts is out of date: run `npm run generate-client` in frontend/"
    )


def test_a_sentence_without_a_code_is_still_sent_whole():
    """A refusal raised with a plain sentence (not yet given a code) reaches the reader as it is:
    the UI shows `detail` for the code `untranslated`."""
    from rasharp_service.errors import Invalid

    body = Invalid("The moon is not a hand.").body()
    assert body == {
        "detail": "The moon is not a hand.",
        "code": "untranslated",
        "params": {"detail": "The moon is not a hand."},
    }
