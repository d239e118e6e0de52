"""``python -m novex``: the same command group as the ``novex`` script."""

from novex.cli.main import app

if __name__ == "__main__":  # pragma: no cover - exercised through the CLI tests
    app(prog_name="novex")
