"""Facts about the committed repository and the installed kernel that a clean clone relies on."""
import json
import os
import re
import subprocess

import nbformat
import pytest

from conftest import HOME, NOTEBOOKS

NOTEBOOK_PATHS = sorted((HOME / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_committed_notebook_carries_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_pictures_are_committed_files_not_links(path):
    """A notebook's pictures render on GitHub, in Lab and in the HTML export: Markdown images of files in
    notebooks/img/ (drawn by course.viz.DiagramFiles), never web links."""
    nb = nbformat.read(path, as_version=4)
    images = [m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", c.source)]
    assert images, f"{path.name} shows no picture"
    for target in images:
        assert not re.match(r"[a-z]+://", target), f"{path.name}: {target} is a web link"
        assert (HOME / "notebooks" / target).is_file(), f"{path.name}: {target} is not a committed file (./course diagrams)"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_notebook_works_on_every_java_kernel(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "java"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(f"# {path.stem[:2]} ·")
    for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
        assert not re.search(r"^\s*%", cell.source, re.M), f"code cell {i} uses a magic"
        assert "printf(" not in cell.source, f"code cell {i} uses printf (split output on some kernels)"


def test_every_notebook_has_reference_numbers():
    refs = json.loads((HOME / "notebooks/references.json").read_text())
    assert sorted(k for k in refs if not k.startswith("_")) == NOTEBOOKS


def test_dataset_files_are_not_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=HOME, capture_output=True, text=True, check=True).stdout.split()
    offenders = [f for f in tracked if f.startswith("data/cache/") or f.endswith((".csv", ".zip", ".gz", ".tgz"))]
    assert not offenders, f"dataset files are committed: {offenders}"


def test_kernelspec_points_at_the_course():
    spec = json.loads((HOME / ".venv/share/jupyter/kernels/java/kernel.json").read_text())
    classpath = spec["env"]["JJAVA_CLASSPATH"]
    assert classpath.endswith("/*"), "one glob over one folder"
    jars = os.listdir(classpath[:-2])
    assert any(j.startswith("course-lib-") for j in jars) and any(j.startswith("pytorch-native-cpu") for j in jars)
    assert "-Xmx" in spec["env"]["JJAVA_JVM_OPTS"] and "-Dai.djl.offline=true" in spec["env"]["JJAVA_JVM_OPTS"]
    assert os.path.isabs(spec["argv"][0])


def test_unknown_profile_is_refused_with_the_valid_names():
    r = subprocess.run([str(HOME / ".venv/bin/python"), str(HOME / "tools/run_notebooks.py"), "00", "--profile", "huge"],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "Unknown profile 'huge'. Valid profiles: tiny, workshop, full" in r.stderr


def test_unknown_notebook_lists_the_available_ones():
    r = subprocess.run([str(HOME / ".venv/bin/python"), str(HOME / "tools/run_notebooks.py"), "99", "--profile", "tiny"],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "No notebook '99'. Available: 00_setup_and_tour" in r.stderr
