from __future__ import annotations

import os
import stat

import pytest

from novex.grid.atomic import atomic_dir


def test_a_folder_written_atomically_has_the_mode_of_a_plain_mkdir(tmp_path):
    with atomic_dir(tmp_path / "run") as tmp:
        (tmp / "claims.csv").write_text("a\n")
    (tmp_path / "plain").mkdir()
    mode = stat.S_IMODE(os.stat(tmp_path / "run").st_mode)
    assert mode == stat.S_IMODE(os.stat(tmp_path / "plain").st_mode)
    assert (tmp_path / "run" / "claims.csv").read_text() == "a\n"


def test_a_failed_write_leaves_the_old_folder_and_no_temporary_one(tmp_path):
    target = tmp_path / "run"
    target.mkdir()
    (target / "old.csv").write_text("old\n")
    with pytest.raises(RuntimeError), atomic_dir(target) as tmp:
        (tmp / "new.csv").write_text("new\n")
        raise RuntimeError("half way")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
    assert [p.name for p in target.iterdir()] == ["old.csv"]
