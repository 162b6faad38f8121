"""Base of Lotse's trainable NLU components whose trained state is plain JSON."""

from typing import Any, Dict, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.utils.io import dump_obj_as_json_to_file, read_json_file

STATE_FILE = "state.json"


class WarmedUpComponent(GraphComponent):
    """Loaded to answer (never while training), a component reads what the first message
    would otherwise wait for (`warm_up`)."""

    def warm_up(self) -> None:
        pass


class JsonStateComponent(WarmedUpComponent):
    """Subclasses set their state in `train` and read it back in `restore`."""

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        state: Optional[Dict[str, Any]] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.restore(state or {})

    def restore(self, state: Dict[str, Any]) -> None:
        raise NotImplementedError

    def persist(self, state: Dict[str, Any]) -> Resource:
        with self._model_storage.write_to(self._resource) as directory:
            dump_obj_as_json_to_file(directory / STATE_FILE, state)
        self.restore(state)
        return self._resource

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "JsonStateComponent":
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "JsonStateComponent":
        try:
            with model_storage.read_from(resource) as directory:
                state = read_json_file(directory / STATE_FILE)
        except ValueError:  # not trained (e.g. no training data): start empty
            state = {}
        component = cls(config, model_storage, resource, state)
        component.warm_up()
        return component


class ConfiguredComponent(WarmedUpComponent):
    """Base of Lotse's NLU components that are not trained: they keep only their config."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self._config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ConfiguredComponent":
        return cls(config)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "ConfiguredComponent":
        component = cls(config)
        component.warm_up()
        return component
