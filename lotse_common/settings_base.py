"""The base of both servers' settings (lotse/settings.py, actions/settings.py): LOTSE_*
environment variables, typed by pydantic; an empty variable counts as unset (scripts/env.sh
exports some empty), so the default applies."""

from typing import Any, Callable, Dict

from pydantic import BaseSettings


class LotseSettings(BaseSettings):
    # several replicas share locks, limits and message ids through Redis
    # (lotse_common/shared_state.py); empty: one process keeps them in memory
    redis_url: str = ""  # LOTSE_REDIS_URL

    class Config:
        env_prefix = "LOTSE_"

        @classmethod
        def customise_sources(cls, init_settings: Callable, env_settings: Callable,
                              file_secret_settings: Callable) -> tuple:
            def set_variables(settings: BaseSettings) -> Dict[str, Any]:
                return {k: v for k, v in env_settings(settings).items() if v != ""}

            return init_settings, set_variables
