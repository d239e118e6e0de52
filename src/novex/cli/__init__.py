"""The ``novex`` command line: one module per subcommand, shared options in ``options``."""
