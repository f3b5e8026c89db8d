"""The role gaps of a level do not depend on the order Python happens to keep a person's roles in.

Someone certified for two needed roles can fill either slot; which role is then reported missing
must be the same in every process (string hashing, hence set order, changes from one process to the
next: the portfolio is evaluated over several processes, and `evaluate --json` from run to run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

_SCRIPT = """
import json
from prm_desktop.domain.people_assign import shortfall
people = [frozenset({"expert"}), frozenset({"sales", "technical"})]
print(json.dumps([shortfall(people, ((("sales", 1), ("technical", 2)), 0)),
                  shortfall([*people, frozenset({"professional", "sales"})],
                            ((("professional", 1), ("sales", 1), ("technical", 2)), 0))]))
"""


def test_the_role_reported_missing_is_the_same_whatever_the_hash_seed() -> None:
    outcomes = set()
    for seed in range(12):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True)
        outcomes.add(out.stdout.strip())
    assert len(outcomes) == 1, outcomes
    first, second = json.loads(outcomes.pop())
    assert first[0] == 2 and sum(first[1].values()) == 2
    assert second[0] == 2 and sum(second[1].values()) == 2
