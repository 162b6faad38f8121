"""docs/benchmarks.md and its latency plot, generated from one run of benchmarks/stack.py."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from stack_load import Level, Turn  # noqa: E402

PLOT_NAME = "benchmarks-latency.png"


@dataclass
class Results:
    quick: bool
    machine: Dict[str, str]
    versions: Dict[str, str]
    latency: Dict[str, List[Turn]]  # "Lotse REST", "Lotse socket.io", "moodbot REST"
    rounds: int
    levels: List[Level]
    cold_start_s: Dict[str, float]  # server name -> seconds
    memory_mb: Dict[str, Dict[str, float]]  # process -> VmRSS, VmHWM
    training_s: Optional[float]
    training_source: str
    ramp_up_s: float
    notes: List[str] = field(default_factory=list)


@dataclass
class Target:
    name: str
    measured: str
    met: Optional[bool]  # None: not measured
    miss: str = ""  # the plain sentence for the doc when missed


def percentiles(turns: List[Turn]) -> Dict[str, float]:
    ms = [t.ms for t in turns if t.error is None]
    if not ms:
        return {}
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {"n": len(ms), "p50": p50, "p95": p95, "p99": p99, "max": max(ms)}


def targets(r: Results) -> List[Target]:
    lotse, mood = percentiles(r.latency.get("Lotse REST", [])), percentiles(
        r.latency.get("moodbot REST", []))
    found: List[Target] = []
    if lotse and mood:
        ratio = lotse["p95"] / mood["p95"]
        found.append(Target("REST p95 ≤ 1.5 × moodbot p95",
                            f"{lotse['p95']:.0f} ms / {mood['p95']:.0f} ms = {ratio:.2f} ×",
                            bool(ratio <= 1.5), f"Lotse's REST p95 is {ratio:.2f} × the moodbot's "
                            "(allowed: 1.5 ×)."))
    else:
        found.append(Target("REST p95 ≤ 1.5 × moodbot p95", "not measured", None))
    # a channel that stops answering (e.g. a changed session handshake) must not just
    # vanish from the table
    for name in ("Lotse REST", "Lotse socket.io"):
        if name in r.latency:
            turns = r.latency[name]
            failed = [t for t in turns if t.error is not None]
            found.append(Target(f"{name}: every message answered", f"{len(turns) - len(failed)}"
                                f" of {len(turns)}", bool(turns) and not failed,
                                f"{name}: {len(failed)} of {len(turns)} messages failed"
                                f" ({failed[0].error if failed else 'none sent'})."))
    at50 = next((lv for lv in r.levels if lv.concurrency == 50), None)
    if at50:
        rate, errors = len(at50.answered) / at50.duration_s, len(at50.errors)
        found.append(Target("≥ 30 messages/s at 50 concurrent conversations, 0 errors",
                            f"{rate:.1f} messages/s, {errors} errors",
                            bool(rate >= 30 and errors == 0),
                            f"At 50 concurrent conversations Lotse answered {rate:.1f} "
                            f"messages/s with {errors} errors (needed: ≥ 30/s, 0 errors)."))
    else:
        found.append(Target("≥ 30 messages/s at 50 concurrent conversations, 0 errors",
                            "not measured", None))
    rss = r.memory_mb.get("Rasa server", {}).get("VmRSS")
    found.append(Target("Rasa server RSS after the load ≤ 1.3 GB",
                        f"{rss / 1000:.2f} GB" if rss else "not measured",
                        None if rss is None else rss <= 1300,
                        f"The Rasa server holds {rss / 1000 if rss else 0:.2f} GB after the "
                        "load (allowed: 1.3 GB)."))
    cold = r.cold_start_s.get("Lotse")
    found.append(Target("cold start ≤ 20 s", f"{cold:.1f} s" if cold else "not measured",
                        None if cold is None else cold <= 20,
                        f"From `scripts/run.sh` to the first answer took {cold or 0:.1f} s "
                        "(allowed: 20 s)."))
    train = r.training_s
    found.append(Target("full training ≤ 10 min",
                        _duration(train) + f" ({r.training_source})" if train else
                        f"not measured ({r.training_source})",
                        None if train is None else train <= 600,
                        f"Training took {_duration(train or 0)} (allowed: 10 min)."))
    return found


def _duration(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s" if seconds >= 60 else f"{seconds:.0f} s"


def _mark(met: Optional[bool]) -> str:
    return {True: "✓", False: "✗", None: "—"}[met]


def plot(r: Results, path: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, turns in r.latency.items():
        ms = np.sort([t.ms for t in turns if t.error is None])
        if len(ms):
            left.step(ms, np.arange(1, len(ms) + 1) / len(ms), where="post",
                      label=f"{name} (p95 {np.percentile(ms, 95):.0f} ms)")
    left.set(xscale="log", xlabel="round trip (ms, log scale)", ylabel="share of messages",
             title=f"One conversation at a time ({r.rounds} rounds of the mix)")
    left.axhline(0.95, color="grey", linewidth=0.6, linestyle=":")
    left.grid(True, which="both", alpha=0.3)
    left.legend(loc="lower right", fontsize=8)
    levels = [lv for lv in r.levels if lv.answered]
    if levels:
        right.boxplot([[t.ms for t in lv.answered] for lv in levels], whis=(5, 95),
                      labels=[str(lv.concurrency) for lv in levels], showfliers=False)
    right.set(yscale="log", xlabel="concurrent conversations (REST)",
              ylabel="round trip (ms, log scale)", title="Under load (whiskers: p5-p95)")
    right.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _latency_rows(r: Results) -> List[str]:
    rows = ["| server, channel | messages | p50 ms | p95 ms | p99 ms | max ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for name, turns in r.latency.items():
        p = percentiles(turns)
        errors = sum(t.error is not None for t in turns)
        if p:
            rows.append(f"| {name} | {p['n']} | {p['p50']:.0f} | {p['p95']:.0f} | "
                        f"{p['p99']:.0f} | {p['max']:.0f} | {errors} |")
    rows += ["", "By kind of message (Lotse, REST):", "",
             "| kind | messages | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    lotse = r.latency.get("Lotse REST", [])
    for category in ("faq", "form", "fallback"):
        p = percentiles([t for t in lotse if t.category == category])
        if p:
            rows.append(f"| {category} | {p['n']} | {p['p50']:.0f} | {p['p95']:.0f} | "
                        f"{p['p99']:.0f} |")
    return rows


def _level_rows(r: Results) -> List[str]:
    rows = ["| concurrent conversations | duration | answers | messages/s | p50 ms | p95 ms | "
            "errors | scripts ended early |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for lv in r.levels:
        p = percentiles(lv.answered)
        kinds: Dict[str, int] = {}
        for t in lv.errors:
            kinds[t.error or ""] = kinds.get(t.error or "", 0) + 1
        errors = f"{len(lv.errors)}" + (f" ({', '.join(f'{k}: {v}' for k, v in kinds.items())})"
                                        if kinds else "")
        rows.append(f"| {lv.concurrency} | {lv.duration_s:.0f} s | {len(lv.answered)} | "
                    f"{len(lv.answered) / lv.duration_s:.1f} | {p.get('p50', 0):.0f} | "
                    f"{p.get('p95', 0):.0f} | {errors} | {lv.outcomes.get('deviated', 0)} |")
    return rows


def write(r: Results, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    plot(r, out_dir / PLOT_NAME)
    found = targets(r)
    missed = [t for t in found if t.met is False]
    m, v = r.machine, r.versions
    mem = r.memory_mb
    lines = [
        "# Benchmarks",
        "",
        "<!-- generated by benchmarks/stack.py (make bench): do not edit, run it again -->",
        f"Generated {datetime.now():%Y-%m-%d %H:%M} by `python benchmarks/stack.py"
        + (" --quick`: **a short smoke run, not comparable numbers**." if r.quick else "`."),
        "",
        "## Machine and versions",
        "",
        "| CPU | cores | RAM | load average at start (1/5/15 min) |",
        "|---|---:|---:|---|",
        f"| {m['cpu']} | {m['cores']} | {m['ram']} | {m['load']} |",
        "",
        f"Python {v['python']}, Rasa {v['rasa']}, rasa-sdk {v['rasa-sdk']}, "
        f"commit {v['commit']}.",
        *(f"\n{note}" for note in r.notes),
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|:---:|",
        *(f"| {t.name} | {t.measured} | {_mark(t.met)} |" for t in found),
        "",
        ("**Missed:** " + " ".join(t.miss for t in missed)) if missed else
        "Every measured target is met.",
        "",
        "## Round-trip latency, one conversation at a time",
        "",
        *_latency_rows(r),
        "",
        f"![Latency distribution]({PLOT_NAME})",
        "",
        "## Sustained throughput (REST)",
        "",
        *_level_rows(r),
        "",
        "## Memory, start-up, training",
        "",
        "| measure | value |",
        "|---|---:|",
        *(f"| RSS after the load, {name} (peak) | {vals['VmRSS']:.0f} MB "
          f"({vals['VmHWM']:.0f} MB) |" for name, vals in mem.items()),
        *(f"| cold start {name}: process start → first answer | {s:.1f} s |"
          for name, s in r.cold_start_s.items()),
        f"| full training | {_duration(r.training_s) if r.training_s else 'not measured'} "
        f"({r.training_source}) |",
        "",
        "## Method",
        "",
        "- Lotse runs as `make run` starts it (`scripts/run.sh`: action server and "
        "`rasa run` with `models/lotse.tar.gz`, SQL tracker store on SQLite), on free ports "
        "with throwaway data files. The moodbot is Rasa's `rasa init` project "
        "(in-memory tracker store, no action server), trained once per Rasa version.",
        "- Message mix (`benchmarks/stack_load.py`), a fresh sender id per conversation: "
        "two FAQ questions; an appointment booked and cancelled (7 turns: service button, "
        "\"so bald wie möglich\", a time button, \"Termin absagen\", the reference, yes); "
        "the extension form with a date; the fallback \"xkq wrr blrp\". The moodbot gets "
        "greetings, moods with its follow-up question, a bot challenge and the same gibberish.",
        "- Latency: the conversations one after another, Lotse REST, Lotse socket.io and "
        "moodbot REST interleaved per round so that background load hits all three alike. "
        "socket.io: one connection per conversation as the web widget opens it; a message "
        "ends when Rasa acknowledges it, after it has emitted every answer.",
        "- Throughput: N conversations at once, each starting the next script of the mix "
        "as soon as one ends; messages/s counts the answers completed in the measured "
        f"window, after a ramp-up of {r.ramp_up_s:.0f} s (when the first messages all arrive "
        "at once). Errors (ramp-up included): "
        "non-200 status, no answer within 10 s, an empty answer. \"Scripts ended early\": "
        "the bot took another path (e.g. no free time offered), not an error.",
        "- Memory: VmRSS/VmHWM of the `rasa run` and action-server processes from /proc after "
        "the load. Cold start: from starting `scripts/run.sh` to the first non-empty answer "
        "to \"Hallo\" (model load, action server, SQLite set-up).",
        "",
        "The production topology (nginx, two Rasa replicas, PostgreSQL, Redis) under load, "
        "and a rolling model update: [benchmarks-cluster.md](benchmarks-cluster.md) "
        "(`make bench-cluster`, also run by `make bench`).",
        "",
    ]
    doc = out_dir / "benchmarks.md"
    doc.write_text("\n".join(lines), "utf-8")
    return doc
