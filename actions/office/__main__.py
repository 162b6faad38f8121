"""`python -m actions.office`: validate the office files; one line per outcome, exit 1 on error.

Run before the action server starts (scripts/actions.sh), so a broken file stops it with a
message that names the file and key instead of a traceback on the first conversation.
"""

import sys
from datetime import date
from typing import List

from actions import settings
from actions.figures import expired
from actions.knowledge import current_knowledge
from actions.office import OfficeConfigError, load_registry


def knowledge_errors(registry) -> List[str]:
    """Ids of knowledge/ the office files name: situations of a service's documents, topics
    another department handles."""
    knowledge = current_knowledge()
    errors = []
    for office in registry.offices:
        errors += [f"{office.id}: referrals.departments: no topic '{topic}' in knowledge/topics"
                   for topic in sorted(set(office.referrals.departments) - set(knowledge.topics))]
        errors += [f"{office.id}: services.{service.id}.situation_documents: no situation"
                   f" '{situation}' in knowledge/situations.yml"
                   for service in office.services
                   for situation in sorted(set(service.situation_documents)
                                           - set(knowledge.situations))]
    return errors


def main() -> int:
    try:
        registry = load_registry(settings.OFFICE_DIR)
    except OfficeConfigError as error:
        print(f"Office configuration error: {error}", file=sys.stderr)
        return 1
    for error in knowledge_errors(registry):
        print(f"Office configuration error: {error}", file=sys.stderr)
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
