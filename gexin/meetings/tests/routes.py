"""What the meetings routes need, for the route-walking permission test
(gexin/core/tests/test_route_coverage.py).

ACTIONS: the right a route needs when its name does not tell (see route_needs there).
WORKER_MAY: the changes a plain member of the unit may make, and why.
"""

ACTIONS = {
    "meetings:meeting_publish": ("view", "change"),
    "meetings:meeting_held": ("view", "change"),
    "meetings:meeting_cancel": ("view", "change"),
    "meetings:meeting_sign_off": ("view", "change"),
    "meetings:meeting_minutes": "change",
    "meetings:meeting_pdf": "view",
    "meetings:proposal_award": "award",
    "meetings:proposal_dispose": "dispose",
    "meetings:proposal_implement": "dispose",
    "meetings:proposal_measure": "dispose",
    "meetings:proposal_figures": "view",
    "meetings:unit_blackboard": "meetings.view_meeting",
    "meetings:unit_blackboard_pdf": "meetings.view_meeting",
    "meeting-agenda": "view",
    "meeting-publish": "change",
    "meeting-held": "change",
    "meeting-cancel": "change",
    "meeting-sign-off": "change",
    "proposal-award": "award",
    "proposal-dispose": "dispose",
    "proposal-implement": "dispose",
    "proposal-measure": "dispose",
}

WORKER_MAY = {
    "meetings:proposal_add": "anyone may submit a proposal (every role adds proposals)",
    "proposal-list": "anyone may submit a proposal (every role adds proposals)",
}
