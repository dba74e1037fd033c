"""The course tutorial runs end to end: load, train, predict, score, inspect errors."""

from __future__ import annotations

from dataset import paths

NOTEBOOK = paths.PROJECT_ROOT / "baselines" / "tutorial.ipynb"


def test_tutorial_notebook_executes():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(paths.PROJECT_ROOT)}},
    )
    client.execute()
    outputs = "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert "macro-F1" in outputs and "95% CI" in outputs
    assert "rows: gold, columns: predicted" in outputs
    assert not (paths.PROJECT_ROOT / "tutorial-predictions.jsonl").exists()


def test_committed_notebook_has_no_outputs():
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
