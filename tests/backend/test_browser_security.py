"""What a browser may do: changes only from the service's own pages (no cross-site request
forgery), and the security headers on every response."""

from __future__ import annotations

import pytest
from backend_images import small_png
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from rasharp_service.origin_check import CrossSiteRequestRefusal

EVIL = {"Origin": "http://evil.example", "Content-Type": "text/plain"}


def test_a_reset_sent_by_another_sites_page_is_refused_and_changes_nothing(
    client_for, seeded_study
):
    client = client_for()
    study_id = seeded_study(client)
    edit = {"erosion": 4}
    assert client.patch(f"/api/studies/{study_id}/joints/right/MCP2", json=edit).status_code == 200

    refused = client.post(f"/api/studies/{study_id}/reset", headers=EVIL, content="{}")
    assert refused.status_code == 403
    assert "http://evil.example" in refused.json()["detail"]
    assert "http://testserver" in refused.json()["detail"]
    detail = client.get(f"/api/studies/{study_id}").json()
    joint = next(j for j in detail["joints"] if (j["side"], j["joint"]) == ("right", "MCP2"))
    assert joint["erosion"]["value"] == 4 and joint["erosion"]["edited"] is True

    cross_site = client.post(
        f"/api/studies/{study_id}/reset", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross_site.status_code == 403 and "another site" in cross_site.json()["detail"]

    own_page = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert client.post(f"/api/studies/{study_id}/reset", headers=own_page).status_code == 200


def test_a_cross_origin_upload_is_refused_and_nothing_is_stored(client_for, db):
    from rasharp_service.studies.models import Study

    client = client_for()
    before = db.scalar(select(func.count(Study.id)))
    refused = client.post(
        "/api/studies",
        files={"file": ("hand.png", small_png(), "image/png")},
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert refused.status_code == 403
    assert db.scalar(select(func.count(Study.id))) == before


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_unsafe_method_is_checked(client_for, seeded_study, method):
    client = client_for()
    study_id = seeded_study(client)
    answer = client.request(
        method, f"/api/studies/{study_id}/joints/right/MCP2", headers={"Origin": "null"}
    )
    assert answer.status_code == 403


def test_sign_in_from_another_site_is_refused_but_reading_is_not(app, make_user):
    username, password, _ = make_user()
    client = TestClient(app)
    login = {"username": username, "password": password}
    assert client.post("/api/auth/login", json=login, headers=EVIL).status_code == 403
    assert client.post("/api/auth/login", json=login).status_code == 200  # programs: no Origin
    assert client.get("/api/auth/me", headers=EVIL).status_code == 200


def _probe_app(**options) -> Starlette:
    async def change(_):
        return PlainTextResponse("changed")

    app = Starlette(routes=[Route("/change", change, methods=["POST"])])
    return CrossSiteRequestRefusal(app, **options)


def test_the_own_origin_is_the_scheme_and_host_of_the_request_or_the_public_url():
    behind_tls = TestClient(_probe_app(), base_url="https://rasharp.example:443")
    assert behind_tls.post("/change", headers={"Origin": "https://rasharp.example"}).is_success
    assert behind_tls.post("/change", headers={"Origin": "http://rasharp.example"}).status_code == (
        403
    )

    configured = TestClient(
        _probe_app(
            public_url="https://rasharp.hospital.example",
            trusted_origins=["https://ui.hospital.example"],
        ),
        base_url="http://api:8000",
    )
    for origin, status in [
        ("https://rasharp.hospital.example", 200),
        ("https://ui.hospital.example/", 200),
        ("http://api:8000", 403),  # with a public URL set, the Host is not the judge
        ("https://evil.example", 403),
    ]:
        assert configured.post("/change", headers={"Origin": origin}).status_code == status


def test_security_headers_on_every_response(app, tmp_path):
    from rasharp_service.main import create_app

    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    ui = TestClient(create_app(ui_dir=tmp_path))
    answers = [
        TestClient(app).get("/api/health"),
        TestClient(app).get("/api/studies"),  # 401
        TestClient(app).get("/api/no-such-route"),  # 404
        TestClient(app).post("/api/auth/logout", headers=EVIL),  # 403 from the origin check
        ui.get("/"),
        ui.get("/studies/12"),
    ]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
        assert "unsafe-inline" not in policy
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"
        assert answer.headers["x-frame-options"] == "DENY"
