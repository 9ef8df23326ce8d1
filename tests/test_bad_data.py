"""A damaged data file stops a notebook with a message that names the file (issue: 'Bad input')."""
import os
import subprocess

from conftest import HOME


def _mirror_with_damaged_tweets(tmp_path):
    # The real file, found where the course found it: the mirror when one is set, else the cache that the tiny
    # runs filled (from the mirror or by download).
    source = os.environ.get("COURSE_DATA_MIRROR") or os.environ.get("COURSE_DATA_CACHE") or str(HOME / "data/cache")
    mirror = tmp_path / "mirror"
    (mirror / "twitter-airline-sentiment").mkdir(parents=True)
    with open(os.path.join(source, "twitter-airline-sentiment", "Tweets.csv"), "rb") as f:
        data = bytearray(f.read())
    data[1000] = (data[1000] + 1) % 256
    (mirror / "twitter-airline-sentiment" / "Tweets.csv").write_bytes(bytes(data))
    return mirror


def test_corrupted_mirror_file_is_named_when_running_a_notebook(tmp_path, tiny_runs):
    mirror = _mirror_with_damaged_tweets(tmp_path)
    env = dict(os.environ, COURSE_DATA_MIRROR=str(mirror), COURSE_DATA_CACHE=str(tmp_path / "empty-cache"),
               COURSE_RUNS_DIR=str(tmp_path / "runs"))
    r = subprocess.run([str(HOME / "course"), "run", "00", "--profile", "tiny"], env=env, capture_output=True,
                       text=True, timeout=900)
    output = r.stdout + r.stderr
    assert r.returncode != 0, output[-3000:]
    assert "Tweets.csv" in output and "31aa9f9f90d9da372d1522b463cd0d43128d274f553dcf10b15fb17cdd71df10" in output, output[-3000:]
    assert not (tmp_path / "empty-cache" / "twitter-airline-sentiment" / "Tweets.csv").exists(), \
        "a file that failed verification must not reach the cache"
