"""Technical innovation: campaigns, problems, key issues, teams, trials, regulations,
bottleneck chains and experimental fields.

Seed 001: a plant finds hundreds of problems in a few days, ranks the decisive ones as
key issues, attacks each in one of five ways, settles disputed rules by measurement and
revises the conservative ones; improving one process exposes the next weak link.
Everything here belongs to a campaign or to a unit's standing work (campaign empty).
"""

from gexin.innovation.models.base import FIGURE, FIGURE_STEP, campaign_field, unit_field
from gexin.innovation.models.campaigns import (
    Attachment,
    Campaign,
    CampaignQuerySet,
    KeyIssue,
    KeyIssueQuerySet,
    Problem,
    ProblemComment,
    ProblemMerge,
    ProposedSolution,
    ResearchTeam,
    enclosing_plant_paths,
)
from gexin.innovation.models.lines import (
    BottleneckRecord,
    ExperimentalField,
    FieldLogEntry,
    ProductionLine,
    Station,
)
from gexin.innovation.models.trials import (
    Clause,
    Observation,
    Regulation,
    RegulationVersion,
    Trial,
    TrialVariable,
    clause_key,
)

__all__ = [
    "FIGURE",
    "FIGURE_STEP",
    "Attachment",
    "BottleneckRecord",
    "Campaign",
    "CampaignQuerySet",
    "Clause",
    "ExperimentalField",
    "FieldLogEntry",
    "KeyIssue",
    "KeyIssueQuerySet",
    "Observation",
    "Problem",
    "ProblemComment",
    "ProblemMerge",
    "ProductionLine",
    "ProposedSolution",
    "Regulation",
    "RegulationVersion",
    "ResearchTeam",
    "Station",
    "Trial",
    "TrialVariable",
    "campaign_field",
    "clause_key",
    "enclosing_plant_paths",
    "unit_field",
]
