"""calclib.conv against hand-worked answers, torch's recorded numbers, the loop version, and
finite differences, for several strides and paddings."""

import numpy as np
import pytest

from calclib import conv, datasets, gradcheck, nn, optim

rng = np.random.default_rng(0)

SHAPES = [  # (N, C, H, W), (F, KH, KW), stride, padding
    ((2, 3, 7, 6), (4, 3, 3), 1, 0),
    ((2, 2, 8, 8), (3, 3, 3), 2, 1),
    ((1, 1, 5, 5), (2, 2, 2), 3, 2),
    ((1, 2, 6, 7), (2, 4, 2), 2, 0),
    ((3, 1, 4, 4), (1, 1, 1), 1, 1),
]


def _case(x_shape, kernel, seed=1):
    g = np.random.default_rng(seed)
    F, KH, KW = kernel
    return (g.standard_normal(x_shape), g.standard_normal((F, x_shape[1], KH, KW)),
            g.standard_normal(F))


@pytest.mark.parametrize("x_shape, kernel, stride, padding", SHAPES)
def test_vectorised_conv_equals_the_loops(x_shape, kernel, stride, padding):
    x, w, b = _case(x_shape, kernel)
    out, cache = conv.conv2d(x, w, b, stride, padding)
    np.testing.assert_allclose(out, conv.conv2d_loops(x, w, b, stride, padding), atol=1e-12)
    dout = rng.standard_normal(out.shape)
    for fast, slow in zip(conv.conv2d_backward(dout, cache),
                          conv.conv2d_backward_loops(dout, x, w, stride, padding), strict=True):
        np.testing.assert_allclose(fast, slow, atol=1e-12)


@pytest.mark.parametrize("x_shape, kernel, stride, padding", SHAPES)
def test_conv_gradients_pass_gradcheck(x_shape, kernel, stride, padding):
    x, w, b = _case(x_shape, kernel, seed=2)
    out, cache = conv.conv2d(x, w, b, stride, padding)
    dout = rng.standard_normal(out.shape)  # L = sum(out * dout), so dL/dout = dout
    dx, dw, db = conv.conv2d_backward(dout, cache)
    assert gradcheck.check(lambda v: np.sum(conv.conv2d(v, w, b, stride, padding)[0] * dout),
                           x, dx).passed
    assert gradcheck.check(lambda v: np.sum(conv.conv2d(x, v, b, stride, padding)[0] * dout),
                           w, dw).passed
    assert gradcheck.check(lambda v: np.sum(conv.conv2d(x, w, v, stride, padding)[0] * dout),
                           b, db).passed


def test_gradcheck_catches_a_wrong_conv_gradient():
    x, w, b = _case((1, 1, 5, 5), (1, 3, 3))
    out, cache = conv.conv2d(x, w, b)
    dout = np.ones_like(out)
    _, dw, _ = conv.conv2d_backward(dout, cache)
    flipped = dw[:, :, ::-1, ::-1]  # the classic bug: a true convolution instead of correlation
    assert not gradcheck.check(lambda v: np.sum(conv.conv2d(x, v, b)[0]), w, flipped).passed


def test_conv_by_hand():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[i, j] - x[i+1, j+1] = -5 everywhere
    out, cache = conv.conv2d(x, w, np.array([0.5]))
    np.testing.assert_array_equal(out, np.full((1, 1, 3, 3), -4.5))
    dx, dw, db = conv.conv2d_backward(np.ones((1, 1, 3, 3)), cache)
    # dw[p, q] = sum of the 3x3 block of x starting at (p, q); db = 9 outputs
    np.testing.assert_array_equal(dw[0, 0], [[45.0, 54.0], [81.0, 90.0]])
    assert db[0] == 9.0
    # each x entry receives +1 for every window that used it at (0, 0) and -1 at (1, 1)
    np.testing.assert_array_equal(dx[0, 0], [[1, 1, 1, 0], [1, 0, 0, -1], [1, 0, 0, -1],
                                             [0, -1, -1, -1]])


def test_identity_kernel_returns_the_input():
    x = rng.standard_normal((2, 3, 5, 4))
    w = np.eye(3).reshape(3, 3, 1, 1)  # kernel f copies channel f
    out, _ = conv.conv2d(x, w, np.zeros(3))
    np.testing.assert_allclose(out, x)


def test_one_row_images_match_numpy_correlate_and_the_flipped_kernel_rule():
    x, w, dy = rng.standard_normal(9), rng.standard_normal(3), rng.standard_normal(7)
    out, cache = conv.conv2d(x.reshape(1, 1, 1, 9), w.reshape(1, 1, 1, 3), np.zeros(1))
    np.testing.assert_allclose(out.ravel(), np.correlate(x, w, "valid"))
    dx, dw, _ = conv.conv2d_backward(dy.reshape(1, 1, 1, 7), cache)
    np.testing.assert_allclose(dx.ravel(), np.convolve(dy, w, "full"))  # full conv, flipped w
    np.testing.assert_allclose(dw.ravel(), np.correlate(x, dy, "valid"))  # dY slid over x


def test_conv_matches_torch_recorded():
    """torch.nn.functional.conv2d(x, w, b, stride=2, padding=1), loss sum(out * d), with
    torch 2.13.0 in float64; d = 1, 2, ... in reading order."""
    x = np.arange(1.0, 26.0).reshape(1, 1, 5, 5)
    w = np.array([[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]],
                  [[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]], dtype=float)
    out, cache = conv.conv2d(x, w, np.array([0.5, -1.0]), stride=2, padding=1)
    np.testing.assert_allclose(out, [[[[-10.5, -5.5, 17.5], [-47.5, -7.5, 56.5],
                                       [-60.5, -5.5, 67.5]],
                                      [[3.0, 1.0, -7.0], [-11.0, -1.0, -17.0],
                                       [-47.0, -29.0, -57.0]]]])
    dx, dw, db = conv.conv2d_backward(np.arange(1.0, 19.0).reshape(out.shape), cache)
    np.testing.assert_allclose(dx[0, 0], [[-40, 23, -44, 25, -48], [23, 2, 25, 2, 27],
                                          [-52, 29, -56, 31, -60], [29, 2, 31, 2, 33],
                                          [-64, 35, -68, 37, -72]])
    np.testing.assert_allclose(dw[:, 0], [[[396, 560, 344], [552, 777, 474], [240, 326, 188]],
                                          [[864, 1262, 812], [1254, 1830, 1176],
                                           [708, 1028, 656]]])
    np.testing.assert_allclose(db, [45, 126])


@pytest.mark.parametrize("H, K, S, P, expected", [(28, 5, 1, 0, 24), (28, 3, 1, 1, 28),
                                                  (32, 3, 2, 1, 16), (7, 3, 3, 0, 2),
                                                  (10, 4, 3, 2, 4), (3, 5, 1, 1, 1)])
def test_output_size(H, K, S, P, expected):
    assert conv.output_size(H, K, S, P) == expected


@pytest.mark.parametrize("size, stride", [(2, 2), (3, 1), (2, 1), (3, 2), (4, 4)])
@pytest.mark.parametrize("pool", ["max", "avg"])
def test_pooling_gradients_pass_gradcheck(pool, size, stride):
    forward, backward = {"max": (conv.maxpool2d, conv.maxpool2d_backward),
                         "avg": (conv.avgpool2d, conv.avgpool2d_backward)}[pool]
    x = rng.standard_normal((2, 3, 8, 8))  # continuous values: no ties
    out, cache = forward(x, size, stride)
    dout = rng.standard_normal(out.shape)
    report = gradcheck.check(lambda v: np.sum(forward(v, size, stride)[0] * dout), x,
                             backward(dout, cache))
    assert report.passed, str(report)


def test_maxpool_by_hand_routes_to_the_argmax():
    x = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 1, 1], [9, 1, 1, 7]], float)[None, None]
    out, cache = conv.maxpool2d(x)
    np.testing.assert_array_equal(out[0, 0], [[5, 8], [9, 7]])
    dx = conv.maxpool2d_backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0, 10, 0, 0], [0, 0, 20, 0], [0, 0, 0, 0],
                                             [30, 0, 0, 40]])


def test_maxpool_tie_goes_to_the_first_in_reading_order_as_torch():
    x = np.array([[[[1.0, 2.0], [2.0, 2.0]]]])
    _, cache = conv.maxpool2d(x)
    np.testing.assert_array_equal(conv.maxpool2d_backward(np.ones((1, 1, 1, 1)), cache),
                                  [[[[0.0, 1.0], [0.0, 0.0]]]])


def test_overlapping_max_windows_add_up_at_a_shared_winner():
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 5.0  # the centre wins all four 2x2 windows at stride 1
    out, cache = conv.maxpool2d(x, size=2, stride=1)
    dx = conv.maxpool2d_backward(np.ones_like(out), cache)
    assert dx[0, 0, 1, 1] == 4.0 and dx.sum() == 4.0


def test_avgpool_by_hand_spreads_evenly():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    out, cache = conv.avgpool2d(x)
    np.testing.assert_array_equal(out[0, 0], [[2.5, 4.5], [10.5, 12.5]])
    dx = conv.avgpool2d_backward(np.array([[[[4.0, 8.0], [12.0, 16.0]]]]), cache)
    np.testing.assert_array_equal(dx[0, 0], [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4],
                                             [3, 3, 4, 4]])


def test_convnet_gradients_pass_gradcheck():
    X, labels = datasets.bars(2, seed=3)
    net = conv.ConvNet((1, 8, 8), filters=3, seed=1)
    _, dlogits = nn.softmax_cross_entropy(net.forward(X), labels)
    net.backward(dlogits)

    def loss():
        return nn.softmax_cross_entropy(net.forward(X), labels)[0]

    reports = gradcheck.check_params(loss, net.params, net.grads, ["w", "b", "W", "c"])
    assert all(r.passed for r in reports), "\n".join(map(str, reports))


def test_convnet_learns_the_bars_and_generalises():
    X, labels = datasets.bars(100, seed=0)
    X_test, labels_test = datasets.bars(50, seed=1)
    net, opt = conv.ConvNet((1, 8, 8)), optim.Adam(lr=0.02)
    order = np.random.default_rng(0)
    for _ in range(12):
        batches = order.permutation(len(labels)).reshape(-1, 50)
        for batch in batches:
            _, dlogits = nn.softmax_cross_entropy(net.forward(X[batch]), labels[batch])
            net.backward(dlogits)
            opt.step(net.params, net.grads)
    assert np.mean(net.predict(X_test) == labels_test) >= 0.95


def test_bars_are_seeded_and_labelled():
    X, labels = datasets.bars(5, size=6, seed=4)
    assert X.shape == (15, 1, 6, 6) and list(np.bincount(labels)) == [5, 5, 5]
    np.testing.assert_array_equal(X, datasets.bars(5, size=6, seed=4)[0])
    clean, labels = datasets.bars(1, noise=0.0, seed=2)
    rows, cols = np.nonzero(clean[0, 0])
    assert len(set(rows)) == 1 and len(set(cols)) >= 4  # the horizontal bar: one row


@pytest.mark.parametrize("call, message", [
    (lambda: conv.conv2d(np.ones((1, 3, 5, 5)), np.ones((2, 1, 3, 3)), np.ones(2)),
     "x has 3 channels"),
    (lambda: conv.conv2d(np.ones((1, 1, 3, 3)), np.ones((1, 1, 5, 5)), np.ones(1)),
     "larger than the padded input"),
    (lambda: conv.conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones(1), stride=0),
     "stride must be a positive whole number"),
    (lambda: conv.conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones(1), padding=-1),
     "padding must be a non-negative"),
    (lambda: conv.conv2d(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones(1), stride=1.5),
     "stride must be"),
    (lambda: conv.conv2d(np.ones((5, 5)), np.ones((1, 1, 3, 3)), np.ones(1)), "x must be a 4-D"),
    (lambda: conv.conv2d(np.ones((1, 1, 5, 5)), np.ones((2, 1, 3, 3)), np.ones(3)),
     "one bias per kernel"),
    (lambda: conv.conv2d(np.full((1, 1, 5, 5), np.nan), np.ones((1, 1, 3, 3)), np.ones(1)),
     "inf or nan"),
    (lambda: conv.conv2d_backward(np.ones((1, 1, 2, 2)), conv.conv2d(
        np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), np.ones(1))[1]), "dout has shape"),
    (lambda: conv.maxpool2d(np.ones((1, 1, 3, 3)), size=4), "larger than the padded input"),
    (lambda: conv.avgpool2d(np.ones((1, 1, 4, 4)), stride=0), "stride must be"),
    (lambda: conv.ConvNet((8, 8)), "image_shape must be"),
    (lambda: conv.ConvNet((1, 8, 8)).forward(np.ones((2, 1, 6, 6))), "images must have shape"),
    (lambda: datasets.bars(0), "n_per_class must be"),
    (lambda: conv.conv2d_loops(np.ones((1, 2, 5, 5)), np.ones((1, 1, 3, 3)), np.ones(1)),
     "x has 2 channels"),
    (lambda: conv.conv2d_backward_loops(np.ones((1, 1, 2, 2)), np.ones((1, 1, 5, 5)),
                                        np.ones((1, 1, 3, 3))), "dout has shape"),
    (lambda: conv.pad(np.ones((1, 1, 3, 3)), -1), "padding must be a non-negative"),
    (lambda: conv.pad(np.ones((3, 3)), 1), "x must be a 4-D"),
    (lambda: conv.ConvNet((1, 8, 8), filters=0), "filters must be a positive"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_cache_from_another_layer_is_refused():
    _, cache = conv.maxpool2d(np.ones((1, 1, 4, 4)))
    with pytest.raises(TypeError, match="returned by conv2d"):
        conv.conv2d_backward(np.ones((1, 1, 2, 2)), cache)


def test_backward_before_forward_is_refused():
    with pytest.raises(RuntimeError, match="call forward"):
        conv.ConvNet((1, 8, 8)).backward(np.ones((1, 3)))
