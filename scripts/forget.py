"""`make forget REF=<booking reference | contact reference | web chat conversation number
(W-…) | conversation id | WhatsApp number>`: erases one citizen's data everywhere, for an
erasure request (Art. 17 GDPR): the conversation(s) that handed out the reference (or the
conversation with that number or id, or the WhatsApp conversation of that phone number), and
every booking and contact mail those conversations created. A booking still ahead is thereby
cancelled.

Reads the same settings as the servers (scripts/env.sh): LOTSE_TRACKER_DB_URL, LOTSE_DATA_DIR,
LOTSE_ACTIONS_DB_URL.
"""

import re
import sys

import sqlalchemy as sa

from actions import retention as action_data
from actions import settings as action_settings
from lotse import identities
from lotse import retention as conversations
from lotse import settings as rasa_settings

PHONE = re.compile(r"\+?[\d ]{7,20}")


def main(argv) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print(__doc__, file=sys.stderr)
        return 2
    needle = argv[0].strip()
    if (conversations.REFERENCE.fullmatch(needle.upper())  # references are typed in any case
            or conversations.WEB_REFERENCE.match(needle.upper())):
        needle = needle.upper()
    elif PHONE.fullmatch(needle):  # WhatsApp conversations are stored under a pseudonym
        needle = identities.whatsapp(re.sub(r"\D", "", needle))
    engine = sa.create_engine(rasa_settings.TRACKER_DB_URL)
    found = {}
    if sa.inspect(engine).has_table("events"):
        found = conversations.find_conversations(engine, needle)
    references = {needle}.union(*found.values())
    events = conversations.forget(engine, found) if found else 0
    done = action_data.forget(
        action_settings.DATA_DIR, {r for r in references if conversations.REFERENCE.fullmatch(r)},
        url=action_settings.DB_URL)
    if not (found or done["mails"] or done["bookings"]):
        print(f"Nothing stored for {needle}.")
        return 1
    print(f"Deleted: {len(found)} conversation(s) with {events} events, "
          f"{done['mails']} contact mail(s), {done['bookings']} booking(s).")
    if found:
        print("A running Rasa server may still hold these conversations in memory: restart it "
              "(make run) to drop them there too.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
