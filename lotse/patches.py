"""Every change Lotse makes to Rasa, installed in one place (README, "Where Lotse changes
Rasa"). Written for Rasa 3.6.21; tests/lotse/test_rasa_patches.py fails when a replaced Rasa
function changes. Installed when the Rasa server loads Lotse's response generator
(lotse/nlg.py, named in endpoints.yml), so every Rasa server of Lotse has them; `rasa test`
and `rasa train` run without them (they compare predictions, not server behaviour)."""

from lotse import action_failures, api_guard, log_privacy, read_with_before, speedups, tracker_store

RASA_VERSION = "3.6.21"
PATCHES = {
    "faster check of the action server's answers": speedups.install,
    "an answer with the office's phone when an action fails; one timeout per message":
        action_failures.install,
    "PUT /model never loads a model from elsewhere": api_guard.install,
    "citizen text never in the logs": log_privacy.install,
    "storage faults fail the turn instead of being kept in memory": tracker_store.install,
    "a question after another authority's matter is read with the message before it":
        read_with_before.install,
}
_installed = False


def install() -> None:
    """Applies every patch once."""
    global _installed
    if not _installed:
        for apply in PATCHES.values():
            apply()
        _installed = True
