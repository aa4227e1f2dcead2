"""The exercises of chapter 5 (notebooks/05_optimizers.ipynb),
checked by `calclib.exercises.check`."""

from calclib.exercises.checks import check_number, check_set, check_step, check_vector

EXERCISES = {
    # 05_optimizers
    "05-momentum-step": lambda a: check_step(
        a, lambda theta, b, g, lr, mu: (theta - lr * (mu * b + g), mu * b + g),
        traps=[(lambda theta, b, g, lr, mu: (theta - lr * (mu * b + (1 - mu) * g),
                                             mu * b + (1 - mu) * g),
                "that is an exponential average b = μb + (1 − μ)g (dampening); torch's "
                "momentum adds the whole gradient: b = μb + g."),
               (lambda theta, b, g, lr, mu: (theta - lr * g, mu * b + g),
                "the buffer is right but θ moved by lr·g: it should move by lr·b."),
               (lambda theta, b, g, lr, mu: (theta - lr * (g + mu * (mu * b + g)), mu * b + g),
                "that is Nesterov's step θ − lr·(g + μb); plain momentum steps by lr·b."),
               (lambda theta, b, g, lr, mu: (theta + lr * (mu * b + g), mu * b + g),
                "θ went uphill: subtract lr·b, don't add it."),
               (lambda theta, b, g, lr, mu: (theta - lr * b, mu * b + g),
                "θ moved by the old buffer lr·b: update b ← μb + g first, then step with the "
                "new b."),
               (lambda theta, b, g, lr, mu: (mu * b + g, theta - lr * (mu * b + g)),
                "the right numbers in the wrong order: return (new theta, new b)."),
               (lambda theta, b, g, lr, mu: (theta - lr * (mu * b + g), b),
                "θ is right, but the b you returned is the old buffer: return the new "
                "b = μb + g, which the next step needs."),
               (lambda theta, b, g, lr, mu: (theta - (mu * b + lr * g), mu * b + lr * g),
                "that is the other common form, v = μv + lr·g and θ ← θ − v, with the learning "
                "rate inside the buffer; torch keeps b = μb + g (no lr) and steps by lr·b.")]),
    "05-diverging-lrs": lambda a: check_set(
        a, {0.21, 0.3}, "the learning rates that diverge",
        explanations={
            0.01: "0.01 is slow (θ shrinks by the factor 1 − 10·0.01 = 0.9 per step), but it "
                  "converges.",
            0.1: "0.1 = 1/L is the best step here: 1 − 10·0.1 = 0, one step lands on 0.",
            0.19: "0.19 < 2/L = 0.2: each step multiplies θ by 1 − 10·0.19 = −0.9, which flips "
                  "its sign but shrinks it, so it converges (oscillating).",
            0.21: "0.21 > 2/L: each step multiplies θ by 1 − 10·0.21 = −1.1, so |θ| grows.",
            0.3: "0.3 > 2/L: each step multiplies θ by 1 − 10·0.3 = −2, so |θ| doubles."}),
    "05-adam-first-step": lambda a: check_vector(
        a, (-0.01 * 4 / (4 + 1e-8), 0.01 * 0.001 / (0.001 + 1e-8)), ("Δθ1", "Δθ2"),
        "Adam's first step",
        traps=[((-0.04, 1e-5), "that is plain gradient descent, −lr·g. Adam divides by the "
                               "gradient's own size: the first step is −lr·sign(g)."),
               ((-0.01 * 10**0.5, 0.01 * 10**0.5), "that is without bias correction: "
                "m = 0.1g and v = 0.001g², so m/√v = 3.16·sign(g). Dividing m by 1 − β1 and "
                "v by 1 − β2 gives m̂/√v̂ = sign(g)."),
               ((-0.01 * 1000**0.5, 0.01 * 1000**0.5), "only m was bias-corrected: m̂ = g but "
                "v = 0.001g², so m̂/√v = 31.6·sign(g). Correct v too: v̂ = v/(1 − β2) = g²."),
               ((-0.001, 0.001), "only v was bias-corrected: v̂ = g² but m = 0.1g, so "
                "m/√v̂ = 0.1·sign(g). Correct m too: m̂ = m/(1 − β1) = g.")],
        rtol=1e-4),  # within 1e-4 of each entry: (0, 0) is not the trap (−0.001, 0.001)
    "05-adamw-decay": lambda a: check_number(
        a, 2 * (1 - 0.01 * 0.1) ** 1000, "the weight after 1000 steps",
        traps=[(0.0, "the weight shrinks by the factor 1 − lr·λ = 0.999 each step, not by λ "
                     "itself and not by a fixed amount: 2 · 0.999¹⁰⁰⁰."),
               (2 * 0.99**1000, "the factor is 1 − lr·λ = 1 − 0.01·0.1 = 0.999, not "
                                "1 − lr = 0.99: the decay is scaled by λ too."),
               (2.0, "with zero loss gradient Adam's own step is 0, but AdamW's decay still "
                     "shrinks the weight by 1 − lr·λ each step.")],
        rtol=1e-3),
}
