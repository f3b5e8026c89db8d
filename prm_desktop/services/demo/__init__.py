"""Demo data: a realistic French partner portfolio built from the active program (one undoable batch).

Usage::

    from prm_desktop.services.demo import generate_demo

    result = generate_demo(ctx.uow, partners=1500, seed=1)
    result.batch_id, result.counts["partners"]
"""

from prm_desktop.services.demo.writer import CHUNK_SIZE, DemoCancelled, DemoResult, generate_demo

__all__ = ["CHUNK_SIZE", "DemoCancelled", "DemoResult", "generate_demo"]
