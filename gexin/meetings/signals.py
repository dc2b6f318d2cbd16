"""Signals sent by the meeting and proposal workflows (receivers in `receivers.py`)."""

from django.dispatch import Signal

# meeting=Meeting, step="published" | "signed_off" | "cancelled", by=User
meeting_moved = Signal()

# proposal=Proposal, step=ProposalStatus (the new status; "submitted" on creation), by=User
proposal_moved = Signal()
