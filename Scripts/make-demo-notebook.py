"""Writes Scripts/demo.ipynb from Scripts/demo.airs: the header comment as a Markdown cell, then
for each `# %% Title` cell a Markdown heading and the code. Run it after editing demo.airs:

    python3 Scripts/make-demo-notebook.py

(the InteractiveShell tests fail, saying so, when the notebook's code differs from demo.airs)."""
import json
import os
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
lines = open(f"{root}/Scripts/demo.airs").read().split("\n")
header, cells, current = [], [], None
for line in lines:
    if line.startswith("# %%"):
        current = {"title": line[4:].strip(), "code": []}
        cells.append(current)
    elif current is None:
        if not line.startswith("#!"):
            header.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    else:
        current["code"].append(line)
def source(text):
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + [parts[-1]]
nb_cells = [{"cell_type": "markdown", "id": "intro", "metadata": {},
             "source": source(" ".join(l for l in header if l.strip()).replace("The AIRS demo: asymmetric", "# The AIRS demo\n\nAsymmetric")
             + "\n\nThis notebook is the same demo, cell by cell, on the AIRS Jupyter kernel "
             + "(`airs kernel install --user`, then pick AIRS in Jupyter).")}]
for i, cell in enumerate(cells, 1):
    code = "\n".join(cell["code"]).strip("\n")
    nb_cells.append({"cell_type": "markdown", "id": f"title-{i}", "metadata": {}, "source": source("## " + cell["title"])})
    nb_cells.append({"cell_type": "code", "id": f"code-{i}", "metadata": {}, "execution_count": None,
                     "outputs": [], "source": source(code)})
notebook = {"cells": nb_cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "airs", "display_name": "AIRS", "language": "airs"},
                         "language_info": {"name": "airs", "file_extension": ".airs", "mimetype": "text/x-airs",
                                           "codemirror_mode": "python", "pygments_lexer": "python", "version": "1"}}}
json.dump(notebook, open(f"{root}/Scripts/demo.ipynb", "w"), indent=1, ensure_ascii=False)
open(f"{root}/Scripts/demo.ipynb", "a").write("\n")
