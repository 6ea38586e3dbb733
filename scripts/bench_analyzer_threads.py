"""Does an Analyzer slow down once the thread that loaded its models has ended?

Found while testing erasure (tests/service/test_erasure.py): a second embedded service reusing
the first one's Analyzer ran Whisper 5-7 times slower. CTranslate2 runs on GNU OpenMP (libgomp),
whose worker threads wait actively by default. This script analyses one recording twice in thread
A (the second run is the warm baseline), then once in thread B after A has ended, and prints B's
time against A's warm run, measured in the same process. Run it once as it is and once with
OMP_WAIT_POLICY=PASSIVE to compare:

    PYTHONPATH=$PWD python scripts/bench_analyzer_threads.py [--file F]
    OMP_WAIT_POLICY=PASSIVE PYTHONPATH=$PWD python scripts/bench_analyzer_threads.py
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

from voc.config import Settings
from voc.pipeline import Analyzer
from voc.stage_types import AnalyzeOptions

DEFAULT_FILE = Path(__file__).parents[1] / "tests" / "data" / "calls" / "deposit_ru_8k.wav"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    audio = args.file.read_bytes()
    analyzer = Analyzer(Settings(data_dir=Path(tempfile.mkdtemp()), cache_dir=Path.home() / ".cache" / "voc"))
    times: dict[str, float] = {}

    def analyse(label: str) -> None:
        began = time.perf_counter()
        analyzer.analyze_recording(audio, AnalyzeOptions())
        times[label] = time.perf_counter() - began
        print(f"{label:38}: {times[label]:6.1f} s", flush=True)

    def thread_a() -> None:
        analyse("thread A, first (loads the models)")
        analyse("thread A, second (warm baseline)")

    for target in (thread_a, lambda: analyse("thread B, after A ended")):
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    ratio = times["thread B, after A ended"] / times["thread A, second (warm baseline)"]
    print(f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}: thread B / warm baseline = {ratio:.2f}")


if __name__ == "__main__":
    main()
