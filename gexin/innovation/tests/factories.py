"""Test objects of campaigns, problems, key issues and teams: one of each inside plant A
(plant-a-turning, under a campaign of plant A), and their plant B twins."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from gexin.innovation.choices import AttackMethod
from gexin.innovation.models import (
    Campaign,
    KeyIssue,
    Problem,
    ProblemComment,
    ProposedSolution,
    ResearchTeam,
)

# {route name: key into examples(world)}
ROUTES = {
    **{
        f"innovation:campaign_{action}": "campaign"
        for action in ("detail", "edit", "delete", "history")
    },
    **{
        f"innovation:problem_{action}": "problem"
        for action in ("detail", "edit", "delete", "history", "support", "comment", "attach")
    },
    "innovation:problem_merge": "duplicate",
    **{
        f"innovation:keyissue_{action}": "keyissue"
        for action in (
            "detail",
            "edit",
            "delete",
            "history",
            "attack",
            "solve",
            "verify",
            "attach",
            "propose",
            "poster",
        )
    },
    **{
        f"innovation:researchteam_{action}": "team"
        for action in ("detail", "edit", "delete", "history")
    },
    "innovation:attachment_download": "attachment",
    "innovation:attachment_delete": "attachment",
    "campaign-detail": "campaign",
    "campaign-summary": "campaign",
    "problem-detail": "problem",
    "problem-support": "problem",
    "problem-merge": "duplicate",
    "problemcomment-detail": "comment",
    "keyissue-detail": "keyissue",
    "keyissue-attack": "keyissue",
    "keyissue-solve": "keyissue",
    "keyissue-verify": "keyissue",
    "proposedsolution-detail": "solution",
    "researchteam-detail": "team",
}


def png_bytes(size=(4, 3)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="wall.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_problem(unit, authors, campaign=None, title="Roll change takes too long", **fields):
    problem = Problem.objects.create(
        unit=unit,
        campaign=campaign,
        title=title,
        description=fields.pop("description", "Changing the rolls stops the mill for hours."),
        **fields,
    )
    problem.authors.set(authors)
    return problem


def examples(world):
    """One of each object in plant A, made once per world."""
    cached = getattr(world, "_innovation_examples", None)
    if cached is not None:
        return cached
    from gexin.innovation import services
    from gexin.innovation.uploads import attach

    today = datetime.date.today()
    unit = world.units["plant-a-turning"]
    campaign = Campaign.objects.create(
        unit=world.units["plant-a"],
        title="Plant A technical revolution",
        goal="Find the problems, rank the key issues, solve them",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=20),
    )
    problem = make_problem(unit, [world.people["worker_a"]], campaign)
    duplicate = make_problem(
        unit, [world.people["turner_a"]], campaign, title="The rolls take hours to change"
    )
    comment = ProblemComment.objects.create(
        problem=problem, author=world.people["turner_a"], text="Prepare the rolls in advance"
    )
    team = ResearchTeam.objects.create(
        unit=unit, campaign=campaign, name="Key-issue team 1", leader=world.people["leader_a"]
    )
    team.members.set([world.people["leader_a"], world.people["turner_a"]])
    key_issue = KeyIssue.objects.create(
        unit=unit,
        campaign=campaign,
        title="Fast roll change",
        method=AttackMethod.FORTRESS,
        is_fortress=True,
        owner_unit=unit,
        ranked_on=today - datetime.timedelta(days=5),
        due_on=today + datetime.timedelta(days=10),
    )
    services.rank(key_issue, [problem])
    solution = ProposedSolution.objects.create(
        key_issue=key_issue, author=world.people["worker_a"], text="Pre-assemble the roll sets"
    )
    attachment = attach(png_upload(), problem=problem, caption="The stand")
    plant_b = world.units["plant-b-shift-1"]
    b_campaign = Campaign.objects.create(
        unit=world.units["plant-b"], title="B campaign", starts_on=today, ends_on=today
    )
    b_problem = make_problem(plant_b, [world.people["roller_b"]], b_campaign, title="B problem")
    world._innovation_examples = {
        "campaign": campaign,
        "problem": problem,
        "duplicate": duplicate,
        "comment": comment,
        "team": team,
        "keyissue": key_issue,
        "solution": solution,
        "attachment": attachment,
        "b_campaign": b_campaign,
        "b_problem": b_problem,
        "b_comment": ProblemComment.objects.create(
            problem=b_problem, author=world.people["roller_b"], text="B comment"
        ),
        "b_team": ResearchTeam.objects.create(unit=plant_b, name="B team"),
        "b_keyissue": KeyIssue.objects.create(
            unit=plant_b, title="B key issue", owner_unit=plant_b
        ),
        "unit": unit,
    }
    b_fortress = KeyIssue.objects.create(
        unit=plant_b, title="B fortress", is_fortress=True, method=AttackMethod.FORTRESS
    )
    world._innovation_examples["b_solution"] = ProposedSolution.objects.create(
        key_issue=b_fortress, author=world.people["roller_b"], text="B solution"
    )
    return world._innovation_examples
