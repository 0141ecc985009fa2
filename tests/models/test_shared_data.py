"""Tests needing ../shared/data skip where it is absent, and fail where CI requires it."""

import pytest

import shared_data


def test_a_missing_data_set_skips_with_its_path(tmp_path, monkeypatch):
    monkeypatch.setattr(shared_data, "SHARED_DATA", tmp_path)
    monkeypatch.delenv(shared_data.REQUIRED, raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"hand-atlas is not at {tmp_path}"):
        shared_data.hand_atlas()


def test_a_missing_data_set_fails_when_ci_requires_it(tmp_path, monkeypatch):
    monkeypatch.setattr(shared_data, "SHARED_DATA", tmp_path)
    monkeypatch.setenv(shared_data.REQUIRED, "1")
    with pytest.raises(pytest.fail.Exception, match="rsna-hands is not at"):
        shared_data.rsna_hands()


def test_a_present_data_set_is_returned(tmp_path, monkeypatch):
    (tmp_path / "hand-atlas").mkdir()
    (tmp_path / "hand-atlas" / "landmarks.csv").write_text("image,landmark,x,y\n")
    monkeypatch.setattr(shared_data, "SHARED_DATA", tmp_path)
    monkeypatch.setenv(shared_data.REQUIRED, "1")
    assert shared_data.hand_atlas() == tmp_path / "hand-atlas"
