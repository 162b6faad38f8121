"""When the action server fails, the citizen still gets an answer.

Rasa 3.6 logs a failed custom action (action server down, answering with an error or an
invalid answer) and carries on without the action's messages: the citizen sees nothing, or an
unrelated text. It also waits up to five minutes for an action server that does not answer.
Here a failed action answers "technical problem, please call ..." in the conversation's
language with the office's phone number, once per message, and an action that has not answered
within LOTSE_ACTION_TIMEOUT seconds (default 10) has failed. The bot then waits for the next
message. A form's rejection of an input is not a failure and stays Rasa's business.
An action server that let a call time out gets only one second per call for the next
3 × the timeout (the message's later actions, e.g. after the session start, give up quickly
unless it is back): a citizen waits one timeout and a second at most, not one per action.
Installed when the Rasa server loads Lotse's response generator (lotse/nlg.py).
"""

import asyncio
import logging
import time
from typing import Any, Dict, List

from rasa.core.actions.action import (
    ActionExecutionRejection,
    ActionSessionStart,
    RemoteAction,
    create_bot_utterance,
)
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import BotUttered, Event, FollowupAction, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lotse import settings
from lotse.offices import office_registry
from lotse_common.facts import office_facts
from lotse_common.language import conversation_language

logger = logging.getLogger(__name__)

RESPONSE = "utter_technical_problem"
# when the office configuration (LOTSE_OFFICE_DIR) cannot be read: no phone number to give
RESPONSE_WITHOUT_CONTACT = "utter_technical_problem_no_contact"

_original_run = RemoteAction.run
# monotonic time until which the action server counts as hung (after a timeout)
_hung_until = 0.0


RECHECK_SECONDS = 1.0  # what a call may take while the action server counts as hung


def timeout_seconds() -> float:
    return settings.ACTION_TIMEOUT


async def _run(self: RemoteAction, output_channel: Any, nlg: Any,
               tracker: DialogueStateTracker, domain: Any) -> List[Event]:
    global _hung_until
    try:
        hung = time.monotonic() < _hung_until
        limit = min(RECHECK_SECONDS, timeout_seconds()) if hung else timeout_seconds()
        try:
            events = await asyncio.wait_for(
                _original_run(self, output_channel, nlg, tracker, domain), limit)
        except asyncio.TimeoutError:
            _hung_until = time.monotonic() + 3 * timeout_seconds()
            raise
        _hung_until = 0.0  # answered: back to the full timeout
        return events
    except ActionExecutionRejection:
        raise
    except Exception as error:  # noqa: BLE001 - every failure gets the same answer
        if self.name() == ACTION_SESSION_START_NAME:
            # Rasa's own session start keeps the conversation on its rules; the action that
            # answers the message then fails and tells the citizen
            logger.error(f"Custom action '{self.name()}' failed ({error!r}): Rasa's used")
            return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
        logger.error(f"Custom action '{self.name()}' failed ({error!r}): the citizen is told "
                     f"about a technical problem")
        # then wait for the citizen: the rules cannot know what the action would have done
        listen = FollowupAction(ACTION_LISTEN_NAME)
        if _told_since_last_message(tracker):
            return [listen]
        return [await _technical_problem(nlg, tracker, output_channel.name()), listen]


def _told_since_last_message(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") in (
                RESPONSE, RESPONSE_WITHOUT_CONTACT):
            return True
    return False


def _office_facts(tracker: DialogueStateTracker, language: str) -> Dict[str, str]:
    try:
        office = office_registry().get(tracker.get_slot("office_id"))
        return office_facts(office, language, settings.KNOWLEDGE_DIR)
    except Exception:  # noqa: BLE001 - a broken office file must not silence the chat
        logger.exception("The office configuration cannot be read")
        return {}


async def _technical_problem(nlg: Any, tracker: DialogueStateTracker,
                             channel: str) -> BotUttered:
    language = conversation_language(e.as_dict() for e in tracker.events)
    facts = _office_facts(tracker, language)
    name = RESPONSE if facts else RESPONSE_WITHOUT_CONTACT
    message = await nlg.generate(name, tracker, channel, **facts)
    message = {**(message or {}), "utter_action": name}
    return create_bot_utterance(message)


def install() -> None:
    RemoteAction.run = _run
