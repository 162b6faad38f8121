"""The HTTP API never makes the server fetch a model from elsewhere: `PUT /model` with
`model_server` or `remote_storage` is refused, even with an admin token (a stolen token must
not turn into running someone else's model). Installed by lotse/nlg.py with the other patches."""

from http import HTTPStatus

import rasa.server
from rasa.server import ErrorResponse

_original = rasa.server._load_agent


async def _local_models_only(
    model_path=None, model_server=None, remote_storage=None, endpoints=None
):
    if model_server is not None or remote_storage:
        raise ErrorResponse(
            HTTPStatus.FORBIDDEN, "Forbidden", "Models are loaded only from the server's disk."
        )
    return await _original(model_path=model_path, endpoints=endpoints)


def install() -> None:
    rasa.server._load_agent = _local_models_only
