"""Counting elections: rule-exact, pure, framework-free.

- :func:`scottish_stv`: single transferable vote by the Scottish local-government rules
  (SSI 2007/42), exact to five decimal places;
- :func:`meek_stv`: Meek's method of STV;
- :func:`instant_runoff` and :func:`schulze`: one seat from ranked ballots;
- :func:`approval`: one or more seats from approval ballots.

Ranked ballots come in as :class:`Ballots` (validated and aggregated) or from a BLT file
(:func:`read_blt`). Every count returns a :class:`CountResult` whose :class:`Report` holds
the quota, every stage, every transfer and every tie broken, in a versioned format.
"""

from sovet.voting.approval import approval
from sovet.voting.ballots import BallotError, Ballots
from sovet.voting.blt import BltError, Election, read_blt, write_blt
from sovet.voting.irv import instant_runoff
from sovet.voting.meek import meek_stv
from sovet.voting.report import CountResult, Report, Stage, render_text
from sovet.voting.schulze import schulze
from sovet.voting.stv import droop_quota, scottish_stv
from sovet.voting.ties import TieBreak, lot_digest

__all__ = [
    "BallotError",
    "Ballots",
    "BltError",
    "CountResult",
    "Election",
    "Report",
    "Stage",
    "TieBreak",
    "approval",
    "droop_quota",
    "instant_runoff",
    "lot_digest",
    "meek_stv",
    "read_blt",
    "render_text",
    "schulze",
    "scottish_stv",
    "write_blt",
]
