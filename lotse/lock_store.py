"""Per-conversation locks: the messages of one conversation are handled one after the other,
also when two of them reach two Rasa replicas at once (README, "Running in production").

Rasa's RedisLockStore reads, changes and writes a conversation's ticket lock in three calls:
two replicas issuing a ticket at the same moment can both get the same number, and a replica
cleaning up can delete the lock another replica just queued on (Rasa then raises LockError).
Here every change of a lock happens under a short Redis mutex of that conversation (redis-py's
Lock: SET NX with an expiry, released by a script that checks the owner).

LOTSE_REDIS_URL unset (`make run`, one process): the locks live in memory, as Rasa's default.
Redis unreachable: LockError after at most a few seconds, which the channels answer with the
technical-problem message (lotse/channels/common.py) — never a message handled without lock.
"""

import json
import logging
from contextlib import contextmanager, nullcontext
from typing import Any, ContextManager, Dict, Iterator, Optional

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

from lotse import settings
from lotse_common.shared_state import redis_client

logger = logging.getLogger(__name__)

PREFIX = "lotse:lock:"
MUTEX_SECONDS = 5  # a change of a lock takes milliseconds; a crashed replica's mutex expires


class LotseLockStore(LockStore):
    def __init__(self, endpoint_config: Any = None) -> None:
        super().__init__()
        self.red = redis_client(settings.REDIS_URL) if settings.REDIS_URL else None
        self.memory: Dict[str, TicketLock] = {}

    # storage: one JSON value per conversation, expiring with its newest ticket
    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        if self.red is None:
            return self.memory.get(conversation_id)
        stored = self.red.get(PREFIX + conversation_id)
        return TicketLock.from_dict(json.loads(stored)) if stored else None

    def save_lock(self, lock: TicketLock) -> None:
        if self.red is None:
            self.memory[lock.conversation_id] = lock
        else:
            self.red.set(PREFIX + lock.conversation_id, lock.dumps(),
                         ex=int(LOCK_LIFETIME) + MUTEX_SECONDS)

    def delete_lock(self, conversation_id: str) -> None:
        if self.red is None:
            self.memory.pop(conversation_id, None)
        else:
            self.red.delete(PREFIX + conversation_id)

    # every read-change-write of a lock under the conversation's mutex
    @contextmanager
    def _changing(self, conversation_id: str) -> Iterator[None]:
        mutex: ContextManager[Any] = nullcontext() if self.red is None else self.red.lock(
            f"{PREFIX}mutex:{conversation_id}", timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS)
        try:
            with mutex:
                yield
        except LockError:
            raise
        except Exception as error:  # Redis down or slow: no message without its lock
            logger.warning("Lock store unavailable: %s", type(error).__name__)
            raise LockError(f"Lock store unavailable: {type(error).__name__}") from error

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._changing(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._changing(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # finishing and deleting in one step: no other replica queues in between
        with self._changing(conversation_id):
            super().cleanup(conversation_id, ticket_number)

