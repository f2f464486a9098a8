"""Benchmarks of the generator and of the client it generates.

``python -m bench`` runs them all, prints a markdown table and writes it to
``bench/RESULTS.md`` with the machine's details. ``--quick`` takes fewer
repetitions, ``--only 1,4`` picks benchmarks by number. Every figure is a
median over repeated runs, and each comes with a baseline measured in the same
run (interleaved with it where both are timed), so a noisy shared machine moves
both together and the ratio stays meaningful.

Benchmarks (numbers as used by ``--only``):

1. ``generate`` on the bundled spec vs stock ``openapi-python-client generate``.
2. scaling of ``generate`` on synthetic specs of 10/100/1,000 operations (``bench.synth``).
3. ``check`` on the bundled spec (the pre-commit path).
4. client overhead per request over loopback vs raw httpx (sync and async), and
   the in-process cost of request validation.
5. import time of the generated package vs ``import httpx``.
6. throughput of ``generator.extract.extract_constraints``.

``python -m bench.profile`` profiles a stage (cProfile and ``-X importtime``) to
find where the time goes when a goal is missed.
"""
