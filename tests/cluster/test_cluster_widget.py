"""The web chat through nginx in front of two Rasa replicas (deploy/nginx/lotse.conf): the
widget in Chromium speaks socket.io over WebSocket to one replica; when that replica is killed,
a reload connects to the other and the conversation goes on."""

import subprocess

import pytest

from tests.browser.conftest import WidgetPage, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.cluster


def replica_holding_the_websocket(cluster):
    """The Rasa replica nginx keeps a connection open to: the widget's WebSocket (nginx keeps
    no other upstream connection open)."""
    for replica, port in zip(cluster.rasa, cluster.rasa_ports, strict=True):
        connections = subprocess.run(
            ["ss", "-Htn", "state", "established", f"( dport = :{port} )"],
            capture_output=True, text=True, check=True).stdout
        if connections.strip():
            return replica
    raise AssertionError("no WebSocket open to any replica")


def test_the_widget_goes_on_with_the_other_replica_after_a_reload(browser, cluster):  # noqa: F811
    widget = WidgetPage(browser, cluster, {"width": 1280, "height": 800})
    replica = None
    try:
        widget.goto_demo()
        widget.open()
        page = widget.page
        assert page.evaluate("() => window.LotseWidget.socket.io.engine.transport.name") \
            == "websocket"
        widget.say("Ich brauche einen Termin", "Wofür brauchen Sie den Termin?")
        session = widget.session_id()
        replica = replica_holding_the_websocket(cluster)
        replica.kill()  # kill -9
        widget.reload()  # the open chat reopens and connects again
        widget.wait_connected()
        assert widget.session_id() == session
        assert replica_holding_the_websocket(cluster) is not replica
        widget.say("Verlängerung meiner Aufenthaltserlaubnis", "Wann passt es Ihnen?")
    finally:
        widget.close()
        if replica is not None:
            replica.start()
            cluster.wait_rasa(cluster.rasa_ports[cluster.rasa.index(replica)])
