"""The whole Lotse stack under load, compared with Rasa's moodbot, in one run: round-trip
latency over REST and socket.io, sustained throughput, memory, cold start, training time.
Writes docs/benchmarks.md and docs/benchmarks-latency.png (generated: do not edit them).

    make bench                                  # after benchmarks/actions.py
    python benchmarks/stack.py                  # about 5 min; +1-3 min the first time
    python benchmarks/stack.py --quick          # smoke run, < 2 min, to results/benchmarks/
    python benchmarks/stack.py --with-training  # also time a full `rasa train --force`

Without --with-training the training time is the one `make train` recorded in
models/lotse.train-seconds for the current model, if any. Exit code: 0 when every measured
target is met (always 0 with --quick), 1 when one is missed, 2 when the stack fails.
"""

import argparse
import asyncio
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Dict, List

import stack_servers as servers
from stack_load import (
    LOTSE_MIX,
    MOODBOT_MIX,
    Level,
    RestChannel,
    SocketIoChannel,
    Turn,
    converse,
    http_session,
    sustain,
)
from stack_report import Results, percentiles, targets, write

# per level: `ramp_up` s not counted, then `duration` s measured
FULL = {"rounds": 20, "levels": [1, 10, 50], "ramp_up": 5.0, "duration": 20.0,
        "out": servers.PROJECT_DIR / "docs"}
QUICK = {"rounds": 2, "levels": [1, 50], "ramp_up": 5.0, "duration": 5.0,
         "out": servers.PROJECT_DIR / "results" / "benchmarks"}


async def measure_latency(lotse: servers.Server, moodbot: servers.Server,
                          rounds: int) -> Dict[str, List[Turn]]:
    """Every conversation of the mix, one at a time, the three channels interleaved."""
    socketio_settings = servers.socketio_settings()
    async with http_session() as session:
        channels = [
            ("Lotse REST", RestChannel(session, lotse.webhook), LOTSE_MIX),
            ("Lotse socket.io", SocketIoChannel(lotse.url, socketio_settings), LOTSE_MIX),
            ("moodbot REST", RestChannel(session, moodbot.webhook), MOODBOT_MIX),
        ]
        if socketio_settings is None:  # credentials.yml has no socket.io channel
            del channels[1]
        results: Dict[str, List[Turn]] = {name: [] for name, _, _ in channels}
        for warm_up in [True] + [False] * rounds:  # first round: caches, lazy imports
            for name, channel, mix in channels:
                for steps in mix.values():
                    await converse(channel, steps, [] if warm_up else results[name])
    return results


async def measure_throughput(lotse: servers.Server, levels: List[int], duration: float,
                             ramp_up: float) -> List[Level]:
    measured = []
    for concurrency in levels:
        async with http_session(concurrency) as session:
            level = await sustain(RestChannel(session, lotse.webhook), LOTSE_MIX,
                                  concurrency, duration, ramp_up)
        p95 = percentiles(level.answered).get("p95", 0)
        print(f"  {concurrency:3} concurrent: {len(level.answered) / level.duration_s:6.1f} "
              f"messages/s, p95 {p95:5.0f} ms, {len(level.errors)} errors", flush=True)
        measured.append(level)
    return measured


def run(args: argparse.Namespace, settings: Dict, work_dir: Path,
        processes: servers.Processes) -> Results:
    notes: List[str] = []
    if servers.socketio_settings() is None:
        notes.append("credentials.yml configures no socket.io channel: socket.io not measured.")
    machine, versions = servers.machine(), servers.versions()
    print(f"{machine['cpu']}, {machine['cores']} cores, load {machine['load']}", flush=True)
    moodbot_project = servers.moodbot_project(processes, work_dir)

    print("starting Lotse (scripts/run.sh) ...", flush=True)
    lotse = servers.start_lotse(processes, work_dir / "lotse-data")
    print(f"  first answer after {lotse.cold_start_s:.1f} s", flush=True)
    print("starting the moodbot ...", flush=True)
    moodbot = servers.start_moodbot(processes, moodbot_project)
    print(f"  first answer after {moodbot.cold_start_s:.1f} s", flush=True)

    print(f"latency: {settings['rounds']} rounds of the mix ...", flush=True)
    latency = asyncio.run(measure_latency(lotse, moodbot, settings["rounds"]))
    for name, turns in latency.items():
        p = percentiles(turns)
        print(f"  {name:16} p50 {p.get('p50', 0):5.0f} ms  p95 {p.get('p95', 0):5.0f} ms  "
              f"p99 {p.get('p99', 0):5.0f} ms", flush=True)
    processes.stop(moodbot.process)  # idle, but it should not share the machine under load

    print(f"throughput: {settings['ramp_up']:.0f} + {settings['duration']:.0f} s per level ...",
          flush=True)
    levels = asyncio.run(measure_throughput(lotse, settings["levels"], settings["duration"],
                                            settings["ramp_up"]))
    memory = {
        "Rasa server": servers.memory_mb(lotse.process.pid, "bin/rasa run"),
        "action server": servers.memory_mb(lotse.process.pid, "actions.server"),
    }
    processes.stop(lotse.process)

    if args.with_training:
        training = servers.time_full_training(processes, work_dir)
        source = "`rasa train --force` in this run"
    else:
        training = servers.recorded_training()
        source = ("last `make train`; Rasa may have reused cached parts" if training else
                  "no `make train` record for this model; `--with-training` measures it")
    if settings["levels"] != FULL["levels"] or settings["rounds"] < FULL["rounds"]:
        notes.append("Fewer rounds or concurrency levels than a full run.")
    return Results(args.quick, machine, versions, latency, settings["rounds"], levels,
                   {"Lotse": lotse.cold_start_s, "moodbot": moodbot.cold_start_s},
                   memory, training, source, settings["ramp_up"], notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 2 rounds, 1 and 50 conversations for 5 + 5 s each")
    parser.add_argument("--with-training", action="store_true",
                        help="also time a full `rasa train --force` (several minutes)")
    parser.add_argument("--out", type=Path, help="directory of benchmarks.md and the plot "
                        "(default: docs/, with --quick results/benchmarks/)")
    args = parser.parse_args()
    settings = dict(QUICK if args.quick else FULL)
    if not servers.MODEL.exists():
        print("no model: run `make train` first", file=sys.stderr)
        return 2
    # SIGTERM/SIGHUP end the run like Ctrl-C does: through the clean-up below
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="lotse-bench-") as tmp:
        work_dir = Path(tmp)
        (work_dir / "lotse-data").mkdir()
        processes = servers.Processes(work_dir)
        try:
            results = run(args, settings, work_dir, processes)
        except KeyboardInterrupt:
            print("\ninterrupted: stopping every process started", file=sys.stderr)
            return 130
        except Exception:
            traceback.print_exc()
            logs = sorted(work_dir.glob("*.log"))
            for log in logs:
                print(f"--- {log.name} (end) ---\n{log.read_text(errors='replace')[-3000:]}",
                      file=sys.stderr)
            return 2
        finally:
            processes.stop_all()
    doc = write(results, args.out or settings["out"])
    print(f"wrote {doc} and {doc.with_name('benchmarks-latency.png').name}")
    missed = [t for t in targets(results) if t.met is False]
    for target in missed:
        print(f"missed: {target.name}: {target.measured}")
    return 1 if missed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
