"""How long citizens' data is kept: one setting for both servers."""

import os


def retention_days() -> int:
    """LOTSE_RETENTION_DAYS (default 30, what the privacy notice states): conversations,
    delivered contact mails, feedback comments and past appointments older than this go."""
    days = int(os.environ.get("LOTSE_RETENTION_DAYS") or 30)
    if days < 1:
        raise ValueError("LOTSE_RETENTION_DAYS must be 1 or more")
    return days
