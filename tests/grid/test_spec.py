from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from novex.errors import GridError, NovexError
from novex.grid import NATIONAL_BOUNDS, RESOLUTIONS, GridSpec, parse_resolution


@pytest.mark.parametrize(
    ("res", "shape"), [(25, (13000, 12000)), (100, (3250, 3000)), (250, (1300, 1200))]
)
def test_national_grid_shapes(res, shape):
    grid = GridSpec.national(res)
    assert grid.shape == shape
    assert grid.crs == "EPSG:28992"
    assert grid.transform.c == 0.0 and grid.transform.f == 625_000.0


@pytest.mark.parametrize("bad", [30, "30", 0, -100, "abc", None, 100.5])
def test_unknown_resolution_names_the_value(bad):
    with pytest.raises(GridError, match=repr(bad).replace("(", r"\(").replace(".", r"\.")):
        parse_resolution(bad)


def test_grid_error_is_a_value_error_and_novex_error():
    with pytest.raises(ValueError):
        GridSpec.national(30)
    with pytest.raises(NovexError):
        GridSpec.national(30)


def test_misaligned_bounds_are_refused_with_a_fix():
    with pytest.raises(GridError, match=r"xmin=10\.0 is not on the national 100 m lattice.*snap"):
        GridSpec(100, (10.0, 300_000.0, 1000.0, 301_000.0))


coord = st.floats(min_value=0, max_value=299_000, allow_nan=False)


@given(
    res=st.sampled_from(RESOLUTIONS), x=coord, y=coord, w=st.floats(1, 5000), h=st.floats(1, 5000)
)
def test_snap_contains_bounds_and_stays_on_the_lattice(res, x, y, w, h):
    bounds = (x, 300_000 + y, x + w, 300_000 + y + h)
    grid = GridSpec.snap(res, bounds)
    gx0, gy0, gx1, gy1 = grid.bounds
    assert gx0 <= bounds[0] and gy0 <= bounds[1] and gx1 >= bounds[2] and gy1 >= bounds[3]
    assert gx1 - gx0 < w + 2 * res and gy1 - gy0 < h + 2 * res
    # every window shares cells with the national grid: whole-cell offsets from its corner
    assert ((gx0 - NATIONAL_BOUNDS[0]) / res).is_integer()
    assert ((NATIONAL_BOUNDS[3] - gy1) / res).is_integer()


def test_offset_in_parent_and_outside():
    nat = GridSpec.national(250)
    sub = GridSpec(250, (1000.0, 600_000.0, 2000.0, 625_000.0))
    assert sub.offset_in(nat) == (0, 4)
    with pytest.raises(GridError, match="outside the parent"):
        GridSpec(250, (0.0, 600_000.0, 1000.0, 626_000.0)).offset_in(nat)


def test_dict_round_trip():
    grid = GridSpec.snap(100, (1234, 401234, 5678, 405000))
    assert GridSpec.from_dict(grid.to_dict()) == grid
    with pytest.raises(GridError, match="EPSG:4326"):
        GridSpec.from_dict({**grid.to_dict(), "crs": "EPSG:4326"})
