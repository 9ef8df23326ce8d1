"""bench memory, part 2: two JVMs running StepTurns.java, one on glibc's malloc, one on jemalloc, taking turns of
25 training steps, so that a busy or quiet spell of the shared machine falls on both. Prints the median step
time of each and their ratio (jemalloc / glibc) on its last line."""
import statistics
import subprocess
import sys

java_cmd, jemalloc, conf, warmup, turns, per_turn = sys.argv[1].split("\x1f"), sys.argv[2], sys.argv[3], *map(int, sys.argv[4:7])


def start(preload: str) -> subprocess.Popen:
    env = dict(__import__("os").environ, LD_PRELOAD=preload, MALLOC_CONF=conf if preload else "")
    return subprocess.Popen(java_cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, bufsize=1)


def turn(process: subprocess.Popen, steps: int) -> tuple[list[float], int]:
    process.stdin.write(f"{steps}\n")
    process.stdin.flush()
    while True:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("a StepTurns JVM ended early (run it by hand to see why)")
        if line.startswith("turn "):
            fields = line.split()
            return [float(v) for v in fields[2:-1]], int(fields[-1].split("=")[1])


sides = {"glibc": start(""), "jemalloc": start(jemalloc)}
times = {name: [] for name in sides}
peaks = {}
try:
    for name, p in sides.items():
        turn(p, warmup)  # JIT and libtorch warm-up, not timed
    for t in range(turns):
        order = list(sides) if t % 2 == 0 else list(reversed(list(sides)))
        for name in order:
            ms, peaks[name] = turn(sides[name], per_turn)
            times[name].extend(ms)
finally:
    for p in sides.values():
        p.stdin.close()
        p.wait(timeout=60)
g, j = statistics.median(times["glibc"]), statistics.median(times["jemalloc"])
for name in sides:
    print(f"{name:8s} median {statistics.median(times[name]):7.2f} ms over {len(times[name])} steps, peak {peaks[name]} MB")
print(f"memory steps glibc_step_ms={g:.2f} jemalloc_step_ms={j:.2f} step_ratio={j / g:.3f} turns={turns}x{per_turn}")
