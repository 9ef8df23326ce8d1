"""What tools/make_NN.py scripts share: cells collected in order, then written as a notebook without outputs."""
import json
import pathlib


class Notebook:
    """The cells of one notebook, in order; `write` saves them as notebooks/<stem>.ipynb."""

    def __init__(self, stem, id_prefix):
        self.stem = stem
        self.id_prefix = id_prefix
        self.cells = []

    def md(self, text):
        self.cells.append({"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")})

    def code(self, text, exercise=None):
        self.cells.append({"cell_type": "code", "metadata": {"exercise": exercise} if exercise else {}, "execution_count": None,
                           "outputs": [], "source": text.strip("\n")})

    def write(self):
        nb = {"cells": self.cells, "metadata": {"kernelspec": {"display_name": "Java (course)", "language": "java", "name": "java"},
                                                "language_info": {"name": "java"}}, "nbformat": 4, "nbformat_minor": 5}
        for i, c in enumerate(nb["cells"]):
            c["id"] = f"{self.id_prefix}-{i:02d}"
            lines = c["source"].split("\n")
            c["source"] = [line + "\n" for line in lines[:-1]] + [lines[-1]]
        out = pathlib.Path(__file__).resolve().parent.parent / "notebooks" / f"{self.stem}.ipynb"
        out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", out, len(self.cells), "cells")
