"""`python -m actions.office`: validate the office files; one line per outcome, exit 1 on error.

Run before the action server starts (scripts/actions.sh), so a broken file stops it with a
message that names the file and key instead of a traceback on the first conversation.
"""

import sys
from datetime import date

from actions import settings
from actions.figures import expired
from actions.knowledge import current_knowledge
from actions.office import OfficeConfigError, load_registry


def main() -> int:
    try:
        registry = load_registry(settings.OFFICE_DIR)
    except OfficeConfigError as error:
        print(f"Office configuration error: {error}", file=sys.stderr)
        return 1
    situations = current_knowledge().situations
    for office in registry.offices:
        for service in office.services:
            for situation in set(service.situation_documents) - set(situations):
                print(f"Office configuration error: {office.id}: services.{service.id}."
                      f"situation_documents: no situation '{situation}' in"
                      f" knowledge/situations.yml", file=sys.stderr)
                return 1
    offices = ", ".join(
        f"{o.id}{' (default)' if o is registry.default else ''}" for o in registry.offices
    )
    print(f"Office configuration OK: {offices}")
    for office in registry.offices:  # a stale figure must not stop the assistant
        for warning in expired(office, date.today()):
            print(f"Warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
