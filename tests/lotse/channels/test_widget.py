"""The widget channel's file lookup and settings, and the socket.io channel's checks, without a
server (the served routes: tests/browser/test_widget_files.py)."""

import json
import re

import pytest

from lotse.channels.socketio import message_metadata
from lotse.channels.widget import widget_file
from lotse_common.language import available_languages
from lotse_common.retention import retention_days
from tests.conftest import PROJECT_DIR


@pytest.fixture
def widget_dir(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "lotse-widget.js").write_text("js")
    (dist / "demo.html").write_text("<html>")
    (tmp_path / "secret.js").write_text("secret")
    (dist / "link.js").symlink_to(tmp_path / "secret.js")
    (dist / "sub").mkdir()
    (dist / "sub" / "x.js").write_text("js")
    return dist


def test_a_widget_file_is_found_by_its_name(widget_dir):
    assert widget_file(widget_dir, "lotse-widget.js") == (widget_dir / "lotse-widget.js").resolve()


@pytest.mark.parametrize(
    "name",
    ["../secret.js", "..", ".", "", "sub/x.js", "sub", "link.js", "demo.html", "missing.js",
     "/etc/passwd", "%2e%2e%2fsecret.js", ".hidden.js", "lotse-widget.js\x00.css"],
)
def test_nothing_but_a_file_of_the_folder_is_found(widget_dir, name):
    assert widget_file(widget_dir, name) is None


def test_the_languages_are_german_and_the_response_catalogs(tmp_path):
    for name in ["tr.yml", "ar.yml", "notes.txt"]:
        (tmp_path / name).write_text("responses: {}")
    assert available_languages(tmp_path) == ["ar", "de", "tr"]


def test_metadata_is_an_object_or_nothing():
    assert message_metadata({"language": "ar"}) == {"language": "ar"}
    assert message_metadata('{"language": "ar"}') == {"language": "ar"}
    assert message_metadata("not json") is None
    assert message_metadata(["language"]) is None
    assert message_metadata(None) is None


def test_the_demo_privacy_notice_promises_the_retention_the_servers_apply():
    """"30 Tage" in the notice must be what the servers delete after (LOTSE_RETENTION_DAYS)."""
    page = (PROJECT_DIR / "widget/src/demo.html").read_text("utf-8")
    config = json.loads(re.search(r'id="lotse-config">(.*?)</script>', page, re.S)[1])
    for language, notice in config["privacyNotice"].items():
        assert re.search(rf"\b{retention_days()}\b", notice), language
