"""Fixtures of the kernel tier: a notebook executed top to bottom by nbclient, its kernel kept,
shared by the headless test (one of its three runs) and the re-run test (the cells re-run in
that same kernel), so each notebook's first run is paid for once."""

import pytest
from kerneltools import run_notebook


@pytest.fixture(scope="session")
def full_run(request):
    """notebooks/<request.param> after one run top to bottom; use it with
    @pytest.mark.parametrize("full_run", NOTEBOOK_NAMES, indirect=True). pytest groups the tests
    by notebook, so one kernel at a time is kept."""
    run = run_notebook(request.param, keep=True)
    yield run
    run.close()
