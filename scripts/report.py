"""`make report`: the office report for a period and an office, as one self-contained HTML page
(inline SVG charts, each with its table; no script, nothing loaded from elsewhere) and a CSV
file per table, into results/report/ (README, "For office operators: the report").

Aggregates only: the one text of citizens in it are the "what was missing" comments of 👎
ratings, redacted again. Every count below LOTSE_REPORT_MIN_COUNT (default 5) is shown as
"<5", and so is every share or median computed from it, so that no single citizen can be
singled out; comments appear only for topics with at least as many ratings.

What is counted and how is defined in scripts/report_data.py and stated in the report itself.
The stores are opened read-only (lotse/store_reading.py): the chat goes on meanwhile.
Settings as the servers read them (scripts/env.sh): LOTSE_TRACKER_DB_URL, LOTSE_DATA_DIR,
LOTSE_OFFICE_DIR, LOTSE_REPORT_MIN_COUNT.
"""

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape

from actions import settings as action_settings
from lotse import settings
from lotse.offices import office_registry
from lotse.store_reading import read_only_engine
from lotse_common.redaction import redact
from scripts import report_charts as charts
from scripts import report_data as data

TOP_TOPICS = 10
TEMPLATE = "report.html.j2"


@dataclass
class Table:
    name: str  # its CSV file: <name>.csv
    caption: str
    headers: List[str]
    rows: List[List[str]]
    chart: str = ""  # inline SVG
    note: str = ""


@dataclass
class Hider:
    """Small counts, and what is computed from them, hidden."""
    minimum: int
    hidden: int = field(default=0)  # how many cells were hidden

    def visible(self, count: Optional[float]) -> bool:
        return count is not None and (count == 0 or count >= self.minimum)

    def count(self, count: int) -> str:
        if self.visible(count):
            return str(count)
        self.hidden += 1
        return f"<{self.minimum}"

    def value(self, count: int) -> Optional[int]:
        """For a chart: None (no bar) when hidden."""
        return count if self.visible(count) else None

    def share(self, part: int, whole: int) -> str:
        if not whole or not (self.visible(part) and self.visible(whole)):
            return "–"
        return f"{100 * part / whole:.0f} %"


def labels(language: str = "en") -> dict:
    path = settings.KNOWLEDGE_DIR / "labels.yml"
    names = yaml.safe_load(path.read_text("utf-8"))["labels"]
    return {key: value.get(language) or value.get("de") or key for key, value in names.items()}


def summary(figures: data.Figures, hide: Hider) -> Table:
    conversations = figures.conversations
    total = len(conversations)
    messages = sum(day[1] for day in figures.per_day().values())
    fallback_messages = figures.fallback_messages()
    median_messages, median_minutes = figures.median_messages(), figures.median_minutes()

    def counted(what) -> int:
        return sum(1 for c in conversations if what(c))

    def row(label, count, whole=None):
        return [label, hide.count(count), hide.share(count, whole) if whole is not None else ""]

    answered = counted(lambda c: c.answered_directly)
    with_fallback = counted(lambda c: c.fallback)
    handovers = counted(lambda c: c.handover)
    positive = sum(r["positive"] for r in figures.ratings.values())
    negative = sum(r["negative"] for r in figures.ratings.values())
    rows = [
        row("Conversations", sum(day[0] for day in figures.per_day().values())),
        row("Messages from citizens", messages),
        row("Conversations stored in full (the figures below refer to them)", total),
        row("Answered directly", answered, total),
        row("Conversations with a fallback", with_fallback, total),
        row("Messages not understood (fallbacks), share of all messages", fallback_messages,
            messages),
        row("Handovers: conversations in which the citizen asked for a person or opened the "
            "contact form", handovers, total),
        row("… asked for a person (“talk to a person”)", counted(lambda c: c.person), total),
        row("… opened the contact form", counted(lambda c: c.contact_form), total),
        row("Contact requests sent to the office", figures.contacts_sent),
        row("Appointments booked", figures.bookings),
        row("Appointments cancelled", figures.cancellations),
        ["Median conversation length (messages)",
         f"{median_messages:g}" if hide.visible(total) and median_messages is not None
         else hide.count(total) if total else "–", ""],
        ["Median conversation duration (minutes, first to last message)",
         f"{median_minutes:.1f}" if hide.visible(total) and median_minutes is not None
         else hide.count(total) if total else "–", ""],
        row("Ratings 👍 (helpful)", positive, positive + negative),
        row("Ratings 👎 (not helpful)", negative, positive + negative),
    ]
    return Table("summary", "Key figures", ["Figure", "Count", "Share"], rows)


def per_day(figures: data.Figures, hide: Hider) -> Table:
    days = figures.per_day()
    rows = [[day.isoformat(), hide.count(c), hide.count(m), "yes" if aggregated else ""]
            for day, (c, m, aggregated) in days.items()]
    chart = charts.columns(
        "chart-days", "Conversations per day",
        "Bar chart of the conversations per day; the table below lists each day.",
        [f"{day:%d.%m.}" for day in days], [hide.value(v[0]) for v in days.values()],
        every=max(1, len(days) // 15))
    return Table("per_day", "Conversations and messages per day",
                 ["Day", "Conversations", "Messages", "From the daily aggregates"], rows, chart)


def per_hour(figures: data.Figures, hide: Hider) -> Table:
    hours = figures.messages_per_hour()
    rows = [[f"{hour:02d}:00–{hour:02d}:59", hide.count(hours[hour])] for hour in range(24)]
    chart = charts.columns(
        "chart-hours", "Messages per hour of the day",
        "Bar chart of the citizens' messages per hour of the day (office time); the table "
        "below lists each hour.", [f"{h:02d}" for h in range(24)],
        [hide.value(hours[h]) for h in range(24)], every=2)
    return Table("per_hour", "Messages per hour of the day (office time)",
                 ["Hour", "Messages"], rows, chart,
                 "Of the conversations stored in full.")


def shares(name: str, caption: str, headers: Tuple[str, str], counts: Dict[str, int],
           hide: Hider, names: dict, note: str = "") -> Table:
    """A count per key (language, channel, topic), most first, with its share and a chart."""
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = [[names.get(key, key), key, hide.count(count), hide.share(count, total)]
            for key, count in ordered]
    chart = charts.rows(
        f"chart-{name}", caption, f"Bar chart: {headers[1].lower()} per "
        f"{headers[0].lower()}; the table below lists them.",
        [names.get(key, key) for key, _ in ordered], [hide.value(c) for _, c in ordered])
    return Table(name, caption, [headers[0], "Code", headers[1], "Share"], rows,
                 chart if ordered else "", note)


def ratings(figures: data.Figures, hide: Hider, names: dict) -> Table:
    rows = []
    for topic, counts in sorted(figures.ratings.items(),
                                key=lambda item: (-item[1]["negative"], item[0])):
        shown = hide.visible(counts["positive"] + counts["negative"])
        comments = figures.comments.get(topic, []) if shown else []
        rows.append([names.get(topic, topic), hide.count(counts["positive"]),
                     hide.count(counts["negative"]), " | ".join(redact(c) for c in comments)])
    return Table("ratings", "Ratings per topic, with what citizens missed",
                 ["Topic", "👍 helpful", "👎 not helpful", "What was missing (redacted)"], rows,
                 note="Comments are shown only for topics with at least "
                      f"{hide.minimum} ratings, and with e-mail addresses, phone numbers, "
                      "dates and document numbers masked.")


def tables(figures: data.Figures, hide: Hider) -> List[Table]:
    names = labels()
    languages = {"de": "German", "en": "English", "tr": "Turkish", "ar": "Arabic",
                 "uk": "Ukrainian", "ru": "Russian", "fa": "Persian"}
    stored = "Of the conversations stored in full."
    return [
        summary(figures, hide), per_day(figures, hide), per_hour(figures, hide),
        shares("languages", "Languages of the conversations", ("Language", "Conversations"),
               Counter(c.language for c in figures.conversations), hide, languages,
               stored),
        shares("channels", "Messages per channel", ("Channel", "Messages"), figures.channels(),
               hide, {"rest": "REST (web sites, apps)", "socketio": "Web chat widget"}),
        shares("topics", f"Top {TOP_TOPICS} topics", ("Topic", "Messages"),
               dict(figures.topics().most_common(TOP_TOPICS)), hide, names,
               "Messages whose recognised intent is a topic (not greetings, answers to a "
               "form, ratings or handovers); the share is of these top topics."),
        ratings(figures, hide, names),
    ]


def write(out: Path, figures: data.Figures, hide: Hider, office_name: str) -> List[Table]:
    found = tables(figures, hide)
    out.mkdir(parents=True, exist_ok=True)
    for table in found:
        with (out / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(table.headers)
            writer.writerows(table.rows)
    environment = Environment(loader=FileSystemLoader(Path(__file__).parent),
                              autoescape=select_autoescape(["html", "j2"]))
    page = environment.get_template(TEMPLATE).render(
        figures=figures, tables=found, office_name=office_name, minimum=hide.minimum,
        hidden=hide.hidden, generated=datetime.now(data.LOCAL).strftime("%Y-%m-%d %H:%M"),
        retention_days=settings.RETENTION_DAYS)
    (out / "report.html").write_text(page, "utf-8")
    return found


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    today = datetime.now(data.LOCAL).date()
    parser.add_argument("--from", dest="first", type=date.fromisoformat,
                        default=today - timedelta(days=29), help="first day (default: 30 days "
                        "ago)")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, default=today,
                        help="last day, included (default: today)")
    parser.add_argument("--office", help="office id (office/*.yml); default: all offices")
    parser.add_argument("--out", type=Path, default=Path("results/report"))
    args = parser.parse_args(argv)
    if args.last < args.first:
        raise SystemExit("--to is before --from.")
    registry = office_registry()
    ids = [office.id for office in registry.offices]
    if args.office and args.office not in ids:
        raise SystemExit(f"No office {args.office!r}; known: {', '.join(ids)}.")
    figures = data.Figures(args.first, args.last, args.office)
    engine = read_only_engine(settings.TRACKER_DB_URL)
    data.read_conversations(engine, figures, registry.default.id)
    data.read_daily_counts(engine, figures, one_office=len(ids) == 1)
    data.read_action_stores(action_settings.DATA_DIR, figures, redact, action_settings.DB_URL)
    names = registry.get(args.office).name.__root__ if args.office else {}
    office_name = names.get("en") or names.get("de") or "all offices"
    hide = Hider(settings.REPORT_MIN_COUNT)
    write(args.out, figures, hide, office_name)
    print(f"{args.out / 'report.html'}: {args.first} to {args.last}, {office_name}: "
          f"{len(figures.conversations)} conversation(s) stored in full"
          + (f", {len(figures.aggregated)} day(s) from the daily aggregates"
             if figures.aggregated else "")
          + f"; {hide.hidden} small count(s) hidden (below {hide.minimum}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
