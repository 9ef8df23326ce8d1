"""Points the JJava kernelspec that pip installed at the course: classpath, JVM options, and where things live.

The notebooks name the kernel `java`, the name every IJava-lineage kernel uses, so they also open in a
user's own IJava or JJava kernel (see README for the one cell such a user adds).
"""
import argparse
import json
import os
from pathlib import Path


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--kernel-dir", required=True, type=Path)
    p.add_argument("--classpath", required=True, type=Path, help="folder with the lib jar and all dependency jars")
    p.add_argument("--java", required=True, help="absolute path of the java executable to start the kernel with")
    p.add_argument("--home", required=True, type=Path)
    p.add_argument("--heap", default="1g")
    p.add_argument("--preload", default="", help="malloc library to preload (jemalloc), empty for the C library's own")
    p.add_argument("--malloc-conf", default="", help="jemalloc's settings (MALLOC_CONF)")
    p.add_argument("--crash-dir", type=Path, help="where a crashing kernel JVM writes its hs_err_pid<pid>.log")
    a = p.parse_args()

    spec_file = a.kernel_dir / "kernel.json"
    spec = json.loads(spec_file.read_text())
    spec["argv"][0] = a.java
    spec["display_name"] = "Java (course)"
    # COURSE_THREADS: fewer libtorch threads than cores, for a machine shared with another job (two processes with a
    # thread per core each make libtorch's threads wait on one another: steps 10-20x slower, seen here).
    threads = int(os.environ.get("COURSE_THREADS") or 0) or os.cpu_count() or 2
    spec["env"] = {
        # One glob over one folder: the form IJava, JJava and other JShell kernels all accept.
        "JJAVA_CLASSPATH": str(a.classpath.resolve()) + "/*",
        "JJAVA_JVM_OPTS": " ".join([
            # Tensors live outside the heap, so the heap only holds the course's Java objects (COURSE_HEAP).
            f"-Xmx{a.heap}",
            # DJL copies Java arrays into direct buffers, which the JVM frees only when it collects them; with
            # little garbage on the heap that can take long, so cap them: reaching the cap triggers a collection.
            "-XX:MaxDirectMemorySize=256m",
            "--add-modules=jdk.incubator.vector",  # SIMD for word2vec's inner loops
            "-Djava.awt.headless=true",
            "-Dai.djl.offline=true",
            "-Dai.djl.default_engine=PyTorch",
            f"-Dai.djl.pytorch.num_threads={threads}",
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        ] + ([f"-XX:ErrorFile={a.crash_dir.resolve()}/hs_err_pid%p.log"] if a.crash_dir else [])),
        "JJAVA_TIMEOUT": "-1",
        "COURSE_HOME": str(a.home.resolve()),
    }
    if a.preload:
        # Both kernel JVMs (JJava's launcher and the kernel it starts) inherit it: glibc's malloc keeps the memory
        # libtorch frees, jemalloc gives it back (COURSE_DESIGN §3; bench/memory/README.md).
        spec["env"]["LD_PRELOAD"] = a.preload
        spec["env"]["MALLOC_CONF"] = a.malloc_conf
    spec_file.write_text(json.dumps(spec, indent=2) + "\n")


if __name__ == "__main__":
    main()
