"""Demo data: a realistic French partner portfolio built from the active program (one undoable batch).

Usage::

    from prm_desktop.services.demo import generate_demo

    result = generate_demo(ctx.uow, partners=1500, seed=1)
    result.batch_id, result.counts["partners"]
"""

from prm_desktop.services.demo.writer import CHUNK_SIZE, DemoCancelled, DemoResult, generate_demo

#: Partners in the demo portfolio (a typical channel manager's), from the welcome and ``prm-desktop demo`` alike.
DEMO_PARTNERS = 300

__all__ = ["CHUNK_SIZE", "DEMO_PARTNERS", "DemoCancelled", "DemoResult", "generate_demo"]
