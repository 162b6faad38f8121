"""The socket.io channel of a running Lotse (lotse/channels/socketio.py), with python-socketio's
client: answers reach the session's room, a new connection continues a conversation by its
session id, and a client cannot write into a session it did not ask for."""

import queue
import time

import socketio

from lotse import identities


class Client:
    """One socket.io connection that collects the bot's messages. Synchronous and long
    polling: Playwright's browser tests keep an event loop running in the test thread, and
    the aiohttp that Rasa 3.6 pins is too old for python-engineio's websocket client."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.Client(reconnection=False)
        self.confirmed: queue.Queue = queue.Queue()
        self.messages: queue.Queue = queue.Queue()
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("bot_uttered", self.messages.put)

    def start(self, session_id=None) -> str:
        self.sio.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        self.sio.emit("session_request", {"session_id": session_id})
        return self.confirmed.get(timeout=10)

    def say(self, session_id: str, text: str, **metadata) -> None:
        self.sio.emit(
            "user_uttered", {"message": text, "session_id": session_id, "metadata": metadata}
        )

    def answer(self, timeout: float = 20) -> dict:
        return self.messages.get(timeout=timeout)

    def stop(self) -> None:
        # close without waiting for the pending long poll, which the server answers only
        # at its next ping (25 s); the polling thread is a daemon and ends with that answer
        self.sio.eio.disconnect(abort=True)


def user_texts(stack, session_id: str) -> list:
    tracker = stack.tracker(identities.web(session_id))
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_a_conversation_goes_on_over_a_new_connection(stack):
    first = Client(stack.url)
    session = first.start()
    assert identities.web(session)  # a new session id, issued and signed by the server
    first.say(session, "Hello", language="en")
    assert "How can I help" in first.answer()["text"]
    first.stop()

    # a reload: a new connection asks for the same session
    second = Client(stack.url)
    assert second.start(session) == session
    second.say(session, "What are your opening hours?")
    assert "08:00" in second.answer()["text"]
    second.stop()


def test_a_client_cannot_write_into_a_session_it_did_not_ask_for(stack):
    owner = Client(stack.url)
    session = owner.start()
    other = Client(stack.url)
    assert other.start() != session
    other.say(session, "Hallo")
    time.sleep(2)
    assert owner.messages.empty() and other.messages.empty()
    assert user_texts(stack, session) == []

    # nor with a session id that is no sender id: it gets a new session
    stranger = Client(stack.url)
    assert stranger.start("../../etc/passwd") not in ("", "../../etc/passwd")
    for client in (owner, other, stranger):
        client.stop()


def test_a_session_cannot_be_taken_over_with_the_stored_conversation_id(stack):
    """Conversation ids appear in the database, logs and reports; a client asking for one
    (or for the session's random part without its signature) gets a session of its own."""
    owner = Client(stack.url)
    session = owner.start()
    owner.say(session, "Hallo")
    owner.answer()
    sender_id = identities.web(session)
    for guess in (sender_id, sender_id.split(":")[1], session.split(".")[0] + ".0"):
        intruder = Client(stack.url)
        taken = intruder.start(guess)
        assert taken != session and identities.web(taken) != sender_id
        intruder.say(taken, "Wie ist Ihre Adresse?")
        intruder.answer()
        intruder.stop()
    owner.say(session, "Danke")
    owner.answer()
    assert user_texts(stack, session) == ["Hallo", "Danke"]
    assert owner.messages.empty()  # none of the intruders' answers reached the owner
    owner.stop()


def test_empty_and_overlong_messages_do_not_reach_the_bot(stack):
    client = Client(stack.url)
    session = client.start()
    client.say(session, "   ")
    client.say(session, "x" * 2001)
    # the overlong one is answered with what is wrong (as on REST), not with silence
    assert "2000" in client.answer()["text"]
    time.sleep(2)
    assert client.messages.empty()  # one answer, and none for the empty message
    assert user_texts(stack, session) == []
    client.stop()


def test_a_message_with_characters_that_are_no_text_gets_a_sentence(stack):
    client = Client(stack.url)
    session = client.start()
    client.say(session, "Hallo \ud800")
    assert "cannot read" in client.answer()["text"]
    assert user_texts(stack, session) == []
    client.stop()
