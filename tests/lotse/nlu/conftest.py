from typing import Dict, List, Optional, Type

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


def train_and_load(
    component_class: Type, tmp_path, examples: List[Message], config: Optional[Dict] = None,
    lookup_tables: Optional[List[Dict]] = None,
):
    """Train a component as `rasa train` does, then load it from storage as the server does."""
    storage = LocalModelStorage(tmp_path)
    resource = Resource(component_class.__name__)
    context = ExecutionContext(GraphSchema({}), "test")
    config = config or component_class.get_default_config()
    component_class.create(config, storage, resource, context).train(
        TrainingData(examples, lookup_tables=lookup_tables))
    return component_class.load(config, storage, resource, context)
