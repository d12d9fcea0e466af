"""Impact accounting: host-country labour, fiscal and business accounts and Russia's losses, from the engine's output.

Reads a ``SimulationResult`` after the run (never inside the step loop). ``account(result, params)`` gives the
monthly ``Accounts``; ``metrics_frame(result, params, draw)`` the contract metrics (``METRICS``); every rate is
declared in ``declarations`` with its evidence id or labelled ``acct_`` assumption. The project README explains each
quantity (section "Impact accounting").
"""

from relokant.accounting.accounts import Accounts, account, to_frame
from relokant.accounting.declarations import RATES, resolve
from relokant.accounting.outputs import METRICS, metrics_frame

__all__ = ["Accounts", "METRICS", "RATES", "account", "metrics_frame", "resolve", "to_frame"]
