"""Conversation ids: web sessions only as the server issued them, phone numbers only as
keyed hashes, one key that survives restarts."""

import os
import stat

import pytest

from lotse import identities, settings


@pytest.fixture(autouse=True)
def key_file(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "IDENTITY_SECRET", "")
    monkeypatch.setattr(settings, "IDENTITY_KEY_FILE", tmp_path / "identity.key")
    identities._key.cache_clear()
    yield tmp_path / "identity.key"
    identities._key.cache_clear()


def test_an_issued_session_is_accepted_and_a_changed_one_is_not():
    session = identities.new_web_session()
    sender = identities.web(session)
    assert sender and sender.startswith("web:")
    token, signature = session.split(".")
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    for other in (token, sender, f"{forged}.{signature}", f"{token}.{signature[:-1]}x", None, 42,
                  "\ude77" + session[1:], session + "x" * 10_000):
        assert identities.web(other) is None
    assert identities.new_web_session() != session


def test_the_key_is_made_once_readable_by_the_owner_only_and_kept(key_file):
    session = identities.new_web_session()
    mode = stat.S_IMODE(os.stat(key_file).st_mode)
    assert mode == 0o600
    identities._key.cache_clear()  # a restart
    assert identities.web(session) is not None


def test_another_key_accepts_no_session_of_this_one(monkeypatch):
    session = identities.new_web_session()
    monkeypatch.setattr(settings, "IDENTITY_SECRET", "another office")
    identities._key.cache_clear()
    assert identities.web(session) is None


def test_a_phone_number_is_stored_as_a_stable_pseudonym():
    first = identities.whatsapp("4915112345678")
    assert first == identities.whatsapp("+4915112345678")
    assert first != identities.whatsapp("4915112345679")
    assert "4915112345678" not in first and first.startswith("wa:")


def test_rest_senders_cannot_name_another_channels_conversation():
    number = "4915112345678"
    assert identities.rest(number) != identities.whatsapp(number)
    assert identities.rest("web:abc") != "web:abc"
