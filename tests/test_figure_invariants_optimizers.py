"""Every explorer of notebook 05 against the figure invariants; see test_figure_invariants.py
(a file of its own so that pytest-xdist checks these beside the others)."""

import pytest
from test_figure_invariants import check_explorer, explorers_of


@pytest.mark.parametrize("name", explorers_of("05"))
def test_explorer_figures_keep_the_invariants(name, make_explorer):
    check_explorer(name, make_explorer)
