"""The exercises of chapter 3 (notebooks/03_chain_rule.ipynb),
checked by `calclib.exercises.check`."""

from calclib.exercises.checks import check_formula, check_number

EXERCISES = {
    # 03_chain_rule
    "03-outer-inner": lambda a: check_number(
        a, 768.0, "h′(1)",
        traps=[(256.0, "you forgot the inner derivative: d(3x + 1)/dx = 3 multiplies the outer "
                       "derivative 4u³."),
               (192.0, "you dropped the exponent's 4: the outer derivative of u⁴ is 4u³, so "
                       "h′(1) = 4·4³·3."),
               (12.0, "you evaluated the outer derivative 4u³ at x = 1; evaluate it at the inner "
                      "value u = 3·1 + 1 = 4.")]),
    "03-chain-formula": lambda a: check_formula(
        a, "exp(sin(x))*cos(x)", "your derivative",
        traps=[("exp(sin(x))", "that is h itself, which is also the outer derivative e^u at "
                               "u = sin x (e^u is its own derivative); multiply by the inner "
                               "derivative, (sin x)′ = cos x."),
               ("exp(sin(x))*sin(x)", "multiply by the inner function's derivative, "
                                      "(sin x)′ = cos x, not by sin x itself."),
               ("-exp(sin(x))*cos(x)", "the sign is flipped: (sin x)′ = +cos x (it is cos x "
                                       "whose derivative is −sin x)."),
               ("exp(cos(x))", "don't differentiate inside the exp: (e^g)′ = e^g · g′, with "
                               "g = sin x kept as it is."),
               ("exp(cos(x))*cos(x)", "the outer function keeps the inner one as it is: "
                                      "e^(sin x), not e^(cos x); only the extra factor is "
                                      "the inner derivative cos x."),
               ("exp(sin(x))*(-sin(x))", "the inner derivative is (sin x)′ = cos x; −sin x is "
                                         "the derivative of cos x."),
               ("exp(x)*cos(x)", "the outer derivative is evaluated at the inner function: "
                                 "e^(sin x), not e^x.")]),
    "03-dual-product": lambda a: check_number(
        a, 11.0, "the ε part",
        traps=[(4.0, "ε² = 0, so the ε·ε term vanishes; the ε part of (a + bε)(c + dε) is "
                     "a·d + b·c."),
               (5.0, "you added the ε parts; for a product it is a·d + b·c (the product rule)."),
               (6.0, "that is the value part a·c; we asked for the ε part."),
               (8.0, "that is only a·d = 2·4; the ε part is a·d + b·c = 8 + 3 (the product "
                     "rule)."),
               (3.0, "that is only b·c = 1·3; the ε part is a·d + b·c = 8 + 3 (the product "
                     "rule).")]),
    "03-sum-over-paths": lambda a: check_number(
        a, 8.0, "dF/dx",
        traps=[(2.0, "that is only the path through u (∂F/∂u · ∂u/∂x = v·1 = 2); x also "
                     "reaches F through v (u·y = 6): add both paths."),
               (6.0, "that is only the path through v (∂F/∂v · ∂v/∂x = u·y = 6); x also "
                     "reaches F through u (v·1 = 2): add both paths."),
               (12.0, "multiply along each path, then add the paths: v·1 + u·y, not their "
                      "product.")]),
    "03-forward-passes": lambda a: check_number(
        a, 1000.0, "the number of forward-mode passes",
        integer="a pass is run a whole number of times.",
        traps=[(1.0, "one pass gives the derivative along one direction only; one pass for "
                     "the whole gradient is reverse mode (chapter 4)."),
               (2000.0, "that is central finite differences (two evaluations per input); forward "
                        "mode needs one pass per input."),
               (1001.0, "that is the forward finite-difference count (f once at the point, then "
                        "once per nudged input); forward mode needs one pass per input, with "
                        "no extra pass for the value.")]),
    # f = sigmoid(w1*x1 + w2*x2 + w3*x3 + b): 7 inputs; 3 products, one sum of 4 terms, and
    # sigmoid: 5 operations (expression_graph.costs)
    "03-graph-cost": lambda a: check_number(
        a, 35.0, "the number of node evaluations",
        integer="each pass evaluates each operation once, so the count is a whole number.",
        traps=[(5.0, "that is one pass over the graph's 5 operations; forward mode runs one "
                     "pass per input, 7 of them: 7 × 5."),
               (7.0, "that is the number of inputs (w1, w2, w3, x1, x2, x3, b), which is the "
                     "number of passes; each pass evaluates all 5 operations: 7 × 5."),
               (10.0, "that is reverse mode: one forward and one backward pass, 2 × 5; forward "
                      "mode needs one pass per input: 7 × 5."),
               (12.0, "that is the number of nodes (7 inputs + 5 operations), not of "
                      "evaluations: inputs cost nothing, and each of the 7 passes evaluates "
                      "the 5 operations."),
               (49.0, "you counted the sum as 3 binary additions (7 operations); the engine's "
                      "sum of four terms is one node, as SymPy writes it, so 5 operations: "
                      "7 × 5."),
               (84.0, "that is 7 passes × 12 nodes: the inputs cost nothing, only the 5 "
                      "operations are evaluated in each pass: 7 × 5."),
               (20.0, "that is 4 passes × 5, the cost for the parameters w1, w2, w3, b only; "
                      "the whole gradient has a component for x1, x2, x3 too: 7 passes × 5."),
               (30.0, "you left out an input (6 × 5); there are 7: w1, w2, w3, x1, x2, x3 "
                      "and b."),
               (42.0, "that is 7 × 6: you counted 6 operations, with \"+ b\" as a node of its "
                      "own after the sum of the products, or with f as an operation besides the "
                      "sigmoid; b + v1 + v2 + v3 is one sum node, and f is the sigmoid node "
                      "itself: 5 operations, 7 × 5."),
               (40.0, "that is 8 passes × 5: n + 1 passes, as forward differences need (f once "
                      "at the point, then once per nudged input), or 35 plus a plain evaluation "
                      "of f (5 more); each dual pass gives f's value as its real part, so 7 "
                      "passes: 7 × 5."),
               (15.0, "that is 3 × 5, a pass for each weight w1, w2, w3 only; the whole "
                      "gradient has a component for every input, b and x1, x2, x3 too: "
                      "7 × 5."),
               (56.0, "that is 7 × 8: you wrote the sigmoid out as 1/(1 + e^−u), a negation, "
                      "an exp, an addition and a division in place of one node (8 operations in "
                      "all); the sigmoid is one node, as the explorer draws it: 5 operations, "
                      "7 × 5."),
               (16.0, "that is chapter 4's count for reverse mode with its multiply-adds (5 "
                      "evaluations forward + 11 multiply-adds backward, one per edge); the "
                      "question asks about forward mode, in node evaluations: one pass per "
                      "input, each evaluating the 5 operations: 7 × 5."),
               (28.0, "that is 7 × 4: you counted 4 operations, leaving out the sigmoid or "
                      "merging the sum and the sigmoid into one node; the graph has 5: the 3 "
                      "products, the sum b + v1 + v2 + v3, and the sigmoid of that sum, each "
                      "evaluated once in each of the 7 passes: 7 × 5."),
               (77.0, "that is 7 × 11: you counted the graph's 11 edges (2 into each product, "
                      "4 into the sum, 1 into the sigmoid), not its operations; a node "
                      "evaluation is one operation computed once, however many edges go into "
                      "it: 7 × 5."),
               (70.0, "that is 7 × 10: you counted two evaluations per operation in each pass, "
                      "its value and its ε part separately, or a forward and a backward pass "
                      "each time; a dual-number pass computes an operation's value and ε part "
                      "together, in one evaluation, and has no backward pass: 7 × 5."),
               (112.0, "that is 7 × 16: each pass's 5 evaluations plus its 11 ε multiply-adds "
                       "(one per edge), chapter 4's finer count; this question counts node "
                       "evaluations only, one per operation per pass, the ε part included: "
                       "7 × 5.")]),
}
