"""Lotse replaces or wraps a few functions of Rasa 3.6.21 (README, "Where Lotse changes
Rasa"). Each was written against that function's code: when a Rasa upgrade changes one, this
test names it, so the patch is checked before it silently does the wrong thing."""

import ast
import hashlib
import importlib.util
from importlib.metadata import version

import pytest

from lotse.patches import RASA_VERSION

# (module, class, function) -> (sha256 prefix of its source, the Lotse module that depends on it)
PATCHED = {
    ("rasa.core.actions.action", "RemoteAction", "_validate_action_result"):
        ("24da0f6bdeb2d44f", "lotse/speedups.py"),
    ("rasa.core.actions.action", "RemoteAction", "run"):
        ("b530fc5a6789c82f", "lotse/action_failures.py"),
    ("rasa.server", None, "_load_agent"): ("9a505caae0d53d8f", "lotse/api_guard.py"),
    ("rasa.core.agent", "Agent", "_create_tracker_store"):
        ("44b81a5829031ff2", "lotse/tracker_store.py (install)"),
    ("rasa.core.tracker_store", "FailSafeTrackerStore", "save"):
        ("d181047ec2fddedc", "lotse/tracker_store.py (install)"),
    ("rasa.core.tracker_store", "SQLTrackerStore", "save"):
        ("ded301e08f4c708e", "lotse/tracker_store.py (PooledSQLTrackerStore.save)"),
    ("rasa.core.tracker_store", "SQLTrackerStore", "_additional_events"):
        ("5ad906f458419020", "lotse/tracker_store.py (PooledSQLTrackerStore)"),
    ("rasa.core.processor", "MessageProcessor", "run_anonymization_pipeline"):
        ("cfb5ce8a4ef61f08", "lotse/log_privacy.py"),
    ("rasa.core.processor", "MessageProcessor", "parse_message"):
        ("1cd8ac2218759de2", "lotse/read_with_before.py"),
    ("rasa.core.channels.socketio", "SocketIOInput", "blueprint"):
        ("0f82ad048885a668", "lotse/channels/socketio.py"),
}


def source_hash(module: str, cls: str, function: str) -> str:
    """Read from Rasa's file, not from the (possibly patched) object in memory."""
    path = importlib.util.find_spec(module).origin
    source = open(path, encoding="utf-8").read()
    scope = ast.parse(source)
    if cls:
        scope = next(n for n in scope.body if isinstance(n, ast.ClassDef) and n.name == cls)
    node = next(n for n in scope.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                and n.name == function)
    return hashlib.sha256(ast.get_source_segment(source, node).encode()).hexdigest()[:16]


def test_the_patches_were_written_for_this_rasa():
    assert version("rasa") == RASA_VERSION


@pytest.mark.parametrize("target", sorted(PATCHED, key=str),
                         ids=lambda t: ".".join(filter(None, t)))
def test_the_patched_rasa_function_is_unchanged(target):
    expected, depends = PATCHED[target]
    assert source_hash(*target) == expected, f"Rasa changed {target}: check {depends}"


def test_loading_the_response_generator_installs_every_patch():
    import rasa.server
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor

    import lotse.nlg  # noqa: F401 - what endpoints.yml makes every Rasa server load
    from lotse import action_failures, api_guard, log_privacy, read_with_before, speedups

    assert RemoteAction.run is action_failures._run
    assert rasa.server._load_agent is api_guard._local_models_only
    assert RemoteAction._validate_action_result is not speedups._original
    assert MessageProcessor.run_anonymization_pipeline is log_privacy._run_anonymization_pipeline
    assert MessageProcessor.parse_message is read_with_before._parse_message
