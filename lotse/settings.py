"""Settings of the Rasa server's extensions, read once at start (the folders: the same
variables and defaults as the action server's, lotse_common/paths.py)."""

from lotse_common.paths import PROJECT_DIR, shared_dirs

__all__ = ["PROJECT_DIR", "OFFICE_DIR", "LOCALES_DIR", "KNOWLEDGE_DIR"]

OFFICE_DIR, LOCALES_DIR, KNOWLEDGE_DIR = shared_dirs()
