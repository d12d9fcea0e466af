import numpy as np

from relokant.engine.random import uniforms


def test_draw_depends_only_on_seed_process_person_and_month():
    ids = np.arange(10_000)
    full = uniforms(3, "war_departure", 8, ids)
    subset = uniforms(3, "war_departure", 8, ids[[5, 77, 9_999]])
    assert np.array_equal(subset, full[[5, 77, 9_999]])
    assert not np.array_equal(full, uniforms(3, "war_departure", 9, ids))
    assert not np.array_equal(full, uniforms(4, "war_departure", 8, ids))
    assert not np.array_equal(full, uniforms(3, "return", 8, ids))


def test_uniforms_look_uniform_and_independent():
    u = uniforms(1, "x", 0, np.arange(200_000))
    assert 0.0 <= u.min() and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 0.005
    assert abs(u.var() - 1 / 12) < 0.002
    counts, _ = np.histogram(u, bins=20, range=(0, 1))
    assert counts.min() > 0.9 * 10_000 and counts.max() < 1.1 * 10_000
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 0.01
    other = uniforms(1, "x", 1, np.arange(200_000))
    assert abs(np.corrcoef(u, other)[0, 1]) < 0.01
