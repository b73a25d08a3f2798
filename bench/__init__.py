"""Benchmarks (run as scripts: bench/registry_import.py, bench/load.py) and the helpers the
fault tests share with them (bench/pg.py, bench/server.py, bench/seed.py)."""
