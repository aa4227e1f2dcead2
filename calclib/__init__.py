"""calclib: the small library behind the notebooks on the calculus of deep learning.

Each module holds one concept and names the notebook that teaches it:

    numdiff    finite differences                      notebooks/01, 02
    symbolic   SymPy derivatives, safe formula parsing notebooks/01, 02
    functions  curves and surfaces with known derivatives
    datasets   small seeded data sets
    dual       dual numbers: forward mode              notebooks/03_chain_rule.ipynb
    engine     Value: graphs and reverse mode          notebooks/03, 04
    nn         dense layers, losses, MLP; backward     notebooks/04_backpropagation.ipynb
    gradcheck  analytic vs numeric gradients           notebooks/04_backpropagation.ipynb
    optim      optimizers, schedules, Newton           notebooks/05_optimizers.ipynb
    conv       conv2d, pooling, their backward; ConvNet notebooks/06 (convolution and pooling)
    plots      the figures the notebooks draw
    widgets    the slider explorers
    exercises  checkers that give specific feedback

Import the module you need (``from calclib import numdiff``); nothing heavy is imported here,
so ``import calclib`` is instant.
"""

__version__ = "0.1.0"
__all__ = ["conv", "datasets", "dual", "engine", "exercises", "functions", "gradcheck", "nn",
           "numdiff", "optim", "plots", "symbolic", "widgets"]
