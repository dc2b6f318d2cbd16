"""Loads the demo technical innovation work of seed 001 (see demo_data.py).

Runs after the organisation, plans and meetings steps of `gexin demo`. It first adds
the units and people the story needs to the demo organisation, through the same
services and models the organisation step uses (audited). Then it writes Shanghai
No. 2 Steel's March 1958 campaign with its 433 problems, 185 key issues and 17
revised rules, the 13-pass trial and its revision, Taiyuan Steel's chain of weak
links and the leaders' experimental fields.

Objects are written directly rather than through the workflow methods, which tell
people what happened: loading a demo of 1958 must notify no one. The few rows a
reader opens for their history (the campaign, teams, trials, regulations and their
versions, the fields) are saved one by one and so audited; the Taiyuan line is built
step by step through gexin.innovation.lines, which writes its bottleneck history as
the line's page would; the many small rows (problems, key issues, comments, proposed
solutions, clauses, observations, log entries) are bulk-created, which skips their
change records, and versioning.bump() at the end makes cached pages stale. Every
generated row comes from a random generator with a fixed seed: two loads of an empty
database give the same rows.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gexin.core import versioning
from gexin.core.audit import audit_context
from gexin.innovation import demo_data as data
from gexin.innovation.choices import (
    AttackMethod,
    Direction,
    FieldEntryKind,
    KeyIssueStatus,
    ProblemCategory,
    ProblemStatus,
    RegulationKind,
    TeamKind,
    TrialArm,
    TrialDesign,
    VersionStatus,
)
from gexin.innovation.models import (
    Campaign,
    Clause,
    ExperimentalField,
    FieldLogEntry,
    KeyIssue,
    Observation,
    Problem,
    ProblemComment,
    ProblemMerge,
    ProductionLine,
    ProposedSolution,
    Regulation,
    RegulationVersion,
    ResearchTeam,
    Station,
    Trial,
    TrialVariable,
)
from gexin.org import services as org_services
from gexin.org.choices import UnitKind
from gexin.org.models import Person, Unit, WorkType

DAY = datetime.timedelta(days=1)
SOLVED = (KeyIssueStatus.SOLVED, KeyIssueStatus.VERIFIED)
# Reopened key issues among the generated unsolved ones: a verification that failed.
REOPENED = 2


def is_loaded():
    """True when the demo campaign is already in the database."""
    return Campaign.objects.filter(
        unit__code=data.CAMPAIGN["unit"], title=data.CAMPAIGN["title"]
    ).exists()


@transaction.atomic
def load(stdout=None):
    """Create the demo innovation work; return {kind of row: rows written}.

    Does nothing (and returns {}) when the demo campaign is there already.
    """
    if is_loaded():
        return {}
    with audit_context(reason="demo technical innovation reconstructed from seed 001"):
        loader = _Loader()
        loader.organisation()
        loader.shanghai()
        loader.taiyuan_line()
        loader.fields()
        versioning.bump()
    if stdout is not None:
        stdout.write(
            "  " + ", ".join(f"{count} {label}" for label, count in loader.written.items())
        )
    return loader.written


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class _Loader:
    def __init__(self):
        self.rng = random.Random(data.RANDOM_SEED)
        self.units = {}
        self.people = {}
        self.teams = {}
        self.key_issues = {}
        self.written = {}
        # Rows collected for bulk creation, in the order they are written.
        self.problem_rows = []  # (Problem, authors, supporters, comments)
        self.issue_rows = []  # (KeyIssue, [problem row indices], fortress solutions)
        self.titles = set()
        self.reopened = 0

    # Look-ups

    def unit(self, code):
        if code not in self.units:
            self.units[code] = Unit.objects.get(code=code)
        return self.units[code]

    def person(self, number):
        if number not in self.people:
            self.people[number] = Person.objects.get(employee_number=number)
        return self.people[number]

    def count(self, label, number):
        self.written[label] = self.written.get(label, 0) + number

    # The units and people the story needs, added to the demo organisation

    def organisation(self):
        work_types = {work_type.code: work_type for work_type in WorkType.objects.all()}
        for row in data.UNITS:
            if Unit.objects.filter(code=row["code"]).exists():
                continue
            self.units[row["code"]] = org_services.create_unit(
                self.unit(row["parent"]),
                code=row["code"],
                kind=row["kind"],
                work_type=work_types.get(row["work_type"]),
                name=row["name"],
                name_zh=row["name_zh"],
                is_illustrative=row["illustrative"],
                source=row["source"][:300],
            )
            self.count("units", 1)
        for row in data.PEOPLE:
            if Person.objects.filter(employee_number=row["employee_number"]).exists():
                continue
            self.people[row["employee_number"]] = Person.objects.create(
                employee_number=row["employee_number"],
                name=row["name"],
                name_latin=row["name_latin"],
                unit=self.unit(row["unit"]),
                skill_grade=row["skill_grade"],
                date_joined=_date(row["date_joined"]),
                is_illustrative=row["illustrative"],
                source=row["source"][:300],
            )
            self.count("people", 1)

    # Shanghai No. 2 Steel

    def shanghai(self):
        plant = self.unit(data.PLANT)
        self.plant_people = list(
            Person.objects.filter(unit__in=plant.subtree(), is_active=True).order_by(
                "employee_number"
            )
        )
        spec = data.CAMPAIGN
        self.campaign = Campaign(
            unit=plant,
            title=spec["title"],
            goal=spec["goal"],
            starts_on=spec["starts_on"],
            ends_on=spec["ends_on"],
            source=spec["source"][:300],
        )
        self.campaign.full_clean()
        self.campaign.save()
        self.count("campaigns", 1)
        self.research_teams()
        self.thirteen_passes()
        self.named_key_issues()
        self.vanguard_key_issues()
        self.rule_key_issues()
        self.generated()
        self.indicator_lamps()
        self.write_problems_and_key_issues()
        self.merge_duplicates()
        self.regulations()

    def research_teams(self):
        for spec in data.TEAMS:
            team = ResearchTeam(
                campaign=self.campaign,
                unit=self.unit(spec["unit"]),
                name=spec["name"],
                kind=TeamKind(spec["kind"]),
                leader=self.person(spec["leader"]),
                formed_on=spec["formed_on"],
                note=spec["note"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )
            team.save()
            team.members.set([self.person(number) for number in spec["members"]])
            self.teams[spec["key"]] = team
        self.count("research teams", len(data.TEAMS))

    # Problems and key issues, collected and then bulk-created

    def problem(self, *, unit, title, description, category, authors, posted_on, **extra):
        """Collect one problem; return its index."""
        supporters = extra.pop("supporters", None)
        if supporters is None:
            supporters = self.some_supporters(authors)
        comments = extra.pop("comments", None)
        if comments is None:
            comments = self.some_comments()
        problem = Problem(
            campaign=extra.pop("campaign", self.campaign),
            unit=self.unit(unit),
            title=title,
            description=description,
            category=ProblemCategory(category),
            posted_on=posted_on,
            status=ProblemStatus.POSTED,
            is_illustrative=extra.pop("illustrative", True),
            source=extra.pop("source", data.GENERATED)[:300],
        )
        if extra:
            raise ValueError(f"{title}: unknown fields {sorted(extra)}")
        self.titles.add(title)
        self.problem_rows.append((problem, authors, supporters, comments))
        return len(self.problem_rows) - 1

    def key_issue(self, problems, fortress_solutions=(), **fields):
        """Collect one key issue ranked from the problems (indices); check it as clean() would."""
        issue = KeyIssue(**fields)
        if issue.method == AttackMethod.COMMITTEE and issue.owner_team is not None:
            raise ValueError(f"{issue.title}: a committee's key issue has no team")
        if issue.method == AttackMethod.RESEARCH and issue.owner_team is None:
            raise ValueError(f"{issue.title}: technical research needs a team")
        if issue.is_solved and issue.solved_on is None:
            raise ValueError(f"{issue.title}: solved without a date")
        if issue.status == KeyIssueStatus.VERIFIED and issue.verified_on is None:
            raise ValueError(f"{issue.title}: verified without a date")
        for index in problems:
            problem = self.problem_rows[index][0]
            if problem.posted_on > issue.ranked_on:
                raise ValueError(f"{issue.title}: ranked before its problem was posted")
            problem.status = ProblemStatus.RANKED
        self.issue_rows.append((issue, list(problems), list(fortress_solutions)))
        return issue

    def some_supporters(self, authors):
        """People who put their name to a poster besides its authors (0 to 6)."""
        count = self.rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 6))
        chosen = self.rng.sample(self.plant_people, count)
        return [
            person.employee_number for person in chosen if person.employee_number not in authors
        ]

    def some_comments(self):
        if self.rng.random() >= 0.1:
            return []
        return [
            (self.rng.choice(self.plant_people).employee_number, self.rng.choice(data.COMMENTS))
            for _n in range(self.rng.randint(1, 3))
        ]

    def thirteen_passes(self):
        """The 13th pass of February 1958: problem, key issue, trials and revision."""
        spec = data.THIRTEEN_PASSES
        problem = self.problem(
            **spec["problem"],
            campaign=None,
            illustrative=False,
            source=spec["key_issue"]["source"],
            comments=[
                ("SH-0002", "齿轮1956年爆炸过一次，开放了不好控制。"),
                ("SH-0023", "我们天天在车上，走十三道没有问题，可以测定。"),
            ],
        )
        fields = spec["key_issue"]
        self.thirteen = self.key_issue(
            [problem],
            campaign=None,
            unit=self.unit(fields["unit"]),
            title=fields["title"],
            description=fields["description"],
            priority=fields["priority"],
            method=AttackMethod(fields["method"]),
            owner_unit=self.unit(fields["owner_unit"]),
            ranked_on=fields["ranked_on"],
            due_on=fields["due_on"],
            status=KeyIssueStatus.VERIFIED,
            solution=fields["solution"],
            solved_on=fields["solved_on"],
            verified_on=fields["verified_on"],
            verification_note=fields["verification_note"],
            is_illustrative=False,
            source=fields["source"][:300],
        )

    def named_key_issues(self):
        for spec in data.NAMED_KEY_ISSUES:
            problems = [
                self.problem(
                    unit=spec["unit"],
                    illustrative=spec["illustrative"],
                    source=spec["source"],
                    **problem,
                )
                for problem in spec["problems"]
            ]
            status = KeyIssueStatus(spec["status"])
            self.key_issues[spec["key"]] = self.key_issue(
                problems,
                fortress_solutions=spec.get("fortress_solutions", ()),
                campaign=self.campaign,
                unit=self.unit(spec["unit"]),
                title=spec["title"],
                description=spec["description"],
                priority=spec["priority"],
                method=AttackMethod(spec["method"]),
                owner_unit=self.unit(spec["owner_unit"]) if spec.get("owner_unit") else None,
                owner_team=self.teams[spec["owner_team"]] if spec.get("owner_team") else None,
                ranked_on=spec["ranked_on"],
                due_on=spec["due"],
                status=status,
                is_fortress=spec.get("is_fortress", False),
                solution=spec.get("solution", ""),
                solved_on=spec.get("solved_on"),
                verified_on=spec.get("verified_on"),
                verification_note=spec.get("verification_note", ""),
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )

    def vanguard_key_issues(self):
        """The veterans' vanguard team's other fourteen of its seventeen."""
        team = self.teams["vanguard"]
        for unit, title, text, category, authors, solution in data.VANGUARD_KEY_ISSUES:
            posted_on = self.hunt_day()
            ranked_on = self.ranking_day(posted_on)
            problem = self.problem(
                unit=unit,
                title=title,
                description=text,
                category=category,
                authors=authors,
                posted_on=posted_on,
                source="illustrative: one of the vanguard team's 17 key issues; " + data.SH,
            )
            self.key_issue(
                [problem],
                campaign=self.campaign,
                unit=self.unit(unit),
                title=title,
                description=text,
                priority=self.rng.choice((1, 2, 2)),
                method=AttackMethod.RESEARCH,
                owner_team=team,
                ranked_on=ranked_on,
                due_on=ranked_on + DAY * self.rng.randint(4, 10),
                status=KeyIssueStatus.SOLVED,
                solution=solution,
                solved_on=self.solved_day(ranked_on),
                is_illustrative=True,
                source="illustrative: one of the vanguard team's 17 key issues; " + data.SH,
            )

    def rule_key_issues(self):
        """The key issues of the eight revised rules the seed does not list."""
        revisions = {spec["key"]: spec for spec in data.REGULATIONS}
        for key, unit, method, owner, title, text, authors, solved_on in data.RULE_KEY_ISSUES:
            ranked_on = self.rng.choice([day for day in data.RANKING_DAYS if day < solved_on])
            problem = self.problem(
                unit=unit,
                title=title,
                description=text,
                category=ProblemCategory.RULES,
                authors=authors,
                posted_on=self.hunt_day(ranked_on),
                source="illustrative: one of the 17 rules revised; " + data.SH,
            )
            approved_on = revisions[key]["approved_on"]
            self.key_issues[key] = self.key_issue(
                [problem],
                campaign=self.campaign,
                unit=self.unit(unit),
                title=title,
                description=text,
                priority=2,
                method=AttackMethod(method),
                owner_unit=self.unit(owner),
                ranked_on=ranked_on,
                due_on=ranked_on + DAY * self.rng.randint(4, 8),
                status=KeyIssueStatus.VERIFIED,
                solution=revisions[key]["v2_clauses"][0][1],
                solved_on=solved_on,
                verified_on=approved_on,
                verification_note="修改后的规定已经执行。",
                is_illustrative=True,
                source="illustrative: one of the 17 rules revised; " + data.SH,
            )

    def indicator_lamps(self):
        """The vanguard team's indicator lamps of April, after the campaign."""
        spec = data.INDICATOR_LAMPS
        problem = self.problem(
            **spec["problem"],
            campaign=None,
            illustrative=False,
            source=spec["key_issue"]["source"],
        )
        fields = spec["key_issue"]
        self.key_issue(
            [problem],
            campaign=None,
            unit=self.unit(fields["unit"]),
            title=fields["title"],
            description=spec["problem"]["description"],
            priority=fields["priority"],
            method=AttackMethod(fields["method"]),
            owner_team=self.teams[fields["owner_team"]],
            ranked_on=fields["ranked_on"],
            due_on=fields["due_on"],
            status=KeyIssueStatus.SOLVED,
            solution=fields["solution"],
            solved_on=fields["solved_on"],
            is_illustrative=False,
            source=fields["source"][:300],
        )

    # Generated problems and key issues

    def hunt_day(self, latest=None):
        days = [
            (day, weight) for day, weight in data.PROBLEM_DAYS if latest is None or day <= latest
        ]
        return self.rng.choices([day for day, _w in days], [w for _d, w in days])[0]

    def ranking_day(self, posted_on):
        return self.rng.choice([day for day in data.RANKING_DAYS if day >= posted_on])

    def solved_day(self, ranked_on):
        last = data.END_OF_MARCH
        # Later days more likely: the key issues fell one after another to the end.
        span = (last - ranked_on).days
        return ranked_on + DAY * max(1, round(span * self.rng.random() ** 0.7))

    def generated(self):
        """The rest of the 433 problems and 185 key issues, area by area."""
        named_problems = len(self.campaign_problem_rows())
        named_issues = len(self.campaign_issue_rows())
        slots = {area["key"]: self.slots(area) for area in data.AREAS}
        issues = sum(len(area_slots) for area_slots in slots.values())
        if named_issues + issues != data.KEY_ISSUES:
            raise ValueError(f"{named_issues + issues} key issues instead of {data.KEY_ISSUES}")
        for area in data.AREAS:
            for slot in slots[area["key"]]:
                self.generated_key_issue(area, slot)
        ranked = len(self.campaign_problem_rows()) - named_problems
        unranked = data.PROBLEMS_FOUND - named_problems - ranked
        weights = [area["unranked"] for area in data.AREAS]
        for area, number in zip(data.AREAS, spread(unranked, weights), strict=True):
            for _n in range(number):
                unit = self.area_unit(area)
                category = self.category(area)
                title, description = self.text(area, unit, category)
                self.problem(
                    unit=unit,
                    title=title,
                    description=description,
                    category=category,
                    authors=self.authors(unit),
                    posted_on=self.hunt_day(),
                )

    def campaign_problem_rows(self):
        return [row for row in self.problem_rows if row[0].campaign is self.campaign]

    def campaign_issue_rows(self):
        return [row for row in self.issue_rows if row[0].campaign is self.campaign]

    def slots(self, area):
        """(method, team key, solved, category or None) for each generated key issue."""
        slots = []
        for kind, what, number, solved in data.GENERATED_KEY_ISSUES[area["key"]]:
            method = AttackMethod.RESEARCH if kind == "team" else AttackMethod(what)
            team = what if kind == "team" else None
            slots += [[method, team, n < solved, None] for n in range(number)]
        if area["key"] == "wire-rod":
            # Equipment balance: most of these solved (大都得到解决).
            solved = [slot for slot in slots if slot[2]]
            unsolved = [slot for slot in slots if not slot[2]]
            balance_solved = data.WIRE_ROD_BALANCE_SOLVED - self.named_wire_rod_balance(True)
            balance = data.WIRE_ROD_BALANCE_KEY_ISSUES - self.named_wire_rod_balance()
            for slot in solved[:balance_solved] + unsolved[: balance - balance_solved]:
                slot[3] = ProblemCategory.EQUIPMENT
        self.rng.shuffle(slots)
        return slots

    def named_wire_rod_balance(self, solved_only=False):
        """Key issues so far in the wire-rod workshop ranked from equipment-balance problems."""
        wire_rod = self.unit(data.WIRE_ROD).path
        count = 0
        for issue, problems, _solutions in self.campaign_issue_rows():
            if not issue.unit.path.startswith(wire_rod) or (solved_only and not issue.is_solved):
                continue
            if any(self.problem_rows[i][0].category == ProblemCategory.EQUIPMENT for i in problems):
                count += 1
        return count

    def area_unit(self, area, kinds=None, under=None):
        units = [
            (code, weight)
            for code, weight in area["units"]
            if (kinds is None or self.unit(code).kind in kinds)
            and (under is None or self.unit(code).path.startswith(self.unit(under).path))
        ]
        return self.rng.choices([code for code, _w in units], [w for _c, w in units])[0]

    def category(self, area):
        names = list(area["categories"])
        return ProblemCategory(
            self.rng.choices(names, [area["categories"][name] for name in names])[0]
        )

    def subjects(self, area, unit):
        return area["subjects"][unit]

    def text(self, area, unit, category):
        """A title and a description no other problem of the demo has."""
        templates = data.TEMPLATES[area["templates"]]
        subjects = self.subjects(area, unit)
        others = ["线材车间", "开坯车间", "动力室", "机动科", "供应科", "生产科", "运输组"]
        own = self.unit(unit).name_zh
        for _attempt in range(200):
            subject = self.rng.choice(subjects)
            title = self.rng.choice(templates[category]).format(
                s=subject,
                t=self.rng.choice([other for other in subjects if other != subject]),
                u=self.rng.choice([other for other in others if other not in own]),
            )
            if title not in self.titles:
                break
        else:
            raise ValueError(f"no new problem title left for {unit} ({category})")
        details = self.rng.sample(data.DETAILS[category], self.rng.choice((1, 1, 2)))
        description = (
            title + "。" + "".join(detail.format(n=self.rng.randint(2, 9)) for detail in details)
        )
        return title, description

    def authors(self, unit):
        """One to three signatures, mostly from the unit where the problem is."""
        path = self.unit(unit).path
        local = [person for person in self.plant_people if person.unit_path.startswith(path)]
        pool = local if local and self.rng.random() < 0.85 else self.plant_people
        count = min(len(pool), self.rng.choice((1, 1, 1, 1, 2, 2, 3)))
        return [person.employee_number for person in self.rng.sample(pool, count)]

    def generated_key_issue(self, area, slot):
        method, team_key, solved, category = slot
        team = self.teams[team_key] if team_key else None
        if team is not None:
            unit = self.area_unit(area, under=team.unit.code)
        elif method == AttackMethod.GROUP:
            unit = self.area_unit(area, kinds=(UnitKind.UNION_GROUP,))
        else:
            unit = self.area_unit(area)
        category = category or self.category(area)
        if area["key"] == "wire-rod" and slot[3] is None and category == ProblemCategory.EQUIPMENT:
            category = ProblemCategory.TECHNICAL  # the balance count is set by the slots
        ranked_on = self.rng.choice(data.RANKING_DAYS)
        problems = []
        for _n in range(self.rng.choices((1, 2, 3), (60, 32, 8))[0]):
            title, description = self.text(area, unit, category)
            problems.append(
                self.problem(
                    unit=unit,
                    title=title,
                    description=description,
                    category=category,
                    authors=self.authors(unit),
                    posted_on=self.hunt_day(ranked_on),
                )
            )
        main = self.problem_rows[problems[0]][0]
        description = main.description
        if len(problems) > 1:
            description = "由以下问题归并排出：" + "；".join(
                self.problem_rows[index][0].title for index in problems
            )
        fields = {
            "campaign": self.campaign,
            "unit": self.unit(unit),
            "title": main.title,
            "description": description,
            "priority": 1
            if method in (AttackMethod.FORTRESS, AttackMethod.COMMITTEE)
            else (self.rng.choice((1, 2, 2, 3))),
            "method": method,
            "owner_team": team,
            "owner_unit": self.owner_unit(method, unit) if team is None else None,
            "ranked_on": ranked_on,
            "due_on": ranked_on + DAY * self.rng.randint(4, 21),
            "is_fortress": method == AttackMethod.FORTRESS,
            "is_illustrative": True,
            "source": data.GENERATED.replace("problems", "key issues", 1)[:300],
        }
        subject = next(
            (s for s in self.subjects(area, unit) if main.title.startswith(s)), main.title
        )
        if solved:
            fields.update(self.solved_fields(area, category, subject, ranked_on))
        else:
            fields.update(self.unsolved_fields(area, category, subject, ranked_on))
        solutions = []
        if method == AttackMethod.FORTRESS:
            for _n in range(self.rng.randint(2, 5)):
                solutions.append(
                    (
                        self.rng.choice(self.plant_people).employee_number,
                        self.rng.choice(data.FORTRESS_PROPOSALS).format(s=subject),
                    )
                )
        self.key_issue(problems, fortress_solutions=solutions, **fields)

    def owner_unit(self, method, unit):
        if method == AttackMethod.COMMITTEE:
            return self.unit(data.PLANT)
        if method == AttackMethod.GROUP:
            return self.unit(unit)
        # The workshop or office directly below the plant takes responsibility.
        plant = self.unit(data.PLANT)
        path = self.unit(unit).path
        if len(path) <= len(plant.path):
            return plant
        branch = path[: len(plant.path) + Unit.steplen]
        return next(u for u in self.units.values() if u.path == branch)

    def solution(self, area, category, subject):
        templates = data.OFFICE_SOLUTIONS if area["templates"] == "office" else data.SOLUTIONS
        effect = self.rng.choice(data.EFFECTS[category]).format(n=self.rng.randint(3, 12))
        return templates[category].format(s=subject, e=effect)

    def solved_fields(self, area, category, subject, ranked_on):
        solved_on = self.solved_day(ranked_on)
        fields = {
            "status": KeyIssueStatus.SOLVED,
            "solved_on": solved_on,
            "solution": self.solution(area, category, subject),
        }
        if solved_on < data.END_OF_MARCH and self.rng.random() < 0.15:
            fields.update(
                status=KeyIssueStatus.VERIFIED,
                verified_on=min(data.END_OF_MARCH, solved_on + DAY * self.rng.randint(1, 3)),
                verification_note="车间验收，效果稳定。",
            )
        return fields

    def unsolved_fields(self, area, category, subject, ranked_on):
        if self.reopened < REOPENED and self.rng.random() < 0.1:
            self.reopened += 1
            return {
                "status": KeyIssueStatus.REOPENED,
                "solved_on": ranked_on + DAY * 2,
                "solution": self.solution(area, category, subject),
                "verification_note": data.REOPENED_NOTE,
            }
        status = self.rng.choices((KeyIssueStatus.UNDER_ATTACK, KeyIssueStatus.OPEN), (70, 30))[0]
        return {"status": status}

    # Writing

    def write_problems_and_key_issues(self):
        problems = Problem.objects.bulk_create(row[0] for row in self.problem_rows)
        authors, supporters, comments = [], [], []
        for problem, (_p, author_numbers, supporter_numbers, comment_rows) in zip(
            problems, self.problem_rows, strict=True
        ):
            authors += [
                Problem.authors.through(problem_id=problem.pk, person_id=self.person(n).pk)
                for n in author_numbers
            ]
            supporters += [
                Problem.supporters.through(problem_id=problem.pk, person_id=self.person(n).pk)
                for n in dict.fromkeys(supporter_numbers)
            ]
            comments += [
                ProblemComment(problem=problem, author=self.person(n), text=text)
                for n, text in comment_rows
            ]
        Problem.authors.through.objects.bulk_create(authors)
        Problem.supporters.through.objects.bulk_create(supporters)
        ProblemComment.objects.bulk_create(comments)

        issues = KeyIssue.objects.bulk_create(row[0] for row in self.issue_rows)
        links, solutions = [], []
        for issue, (_i, problem_indices, solution_rows) in zip(
            issues, self.issue_rows, strict=True
        ):
            links += [
                KeyIssue.problems.through(keyissue_id=issue.pk, problem_id=problems[i].pk)
                for i in problem_indices
            ]
            solutions += [
                ProposedSolution(key_issue=issue, author=self.person(n), text=text)
                for n, text in solution_rows
            ]
        KeyIssue.problems.through.objects.bulk_create(links)
        ProposedSolution.objects.bulk_create(solutions)
        self.count("problems", len(problems))
        self.count("key issues", len(issues))
        self.count("comments", len(comments))
        self.count("proposed solutions", len(solutions))

    def merge_duplicates(self):
        """Problems posted twice, merged into the first with every signature kept."""
        candidates = [
            row
            for row in self.problem_rows
            if row[0].campaign is self.campaign and row[0].is_illustrative
        ]
        merges = []
        for original, authors, supporters, _comments in self.rng.sample(
            candidates, data.MERGED_DUPLICATES
        ):
            duplicate_authors = [
                person.employee_number
                for person in self.rng.sample(self.plant_people, 2)
                if person.employee_number not in authors
            ][:1] or [self.plant_people[0].employee_number]
            duplicate_supporters = self.some_supporters(duplicate_authors)
            duplicate = Problem.objects.bulk_create(
                [
                    Problem(
                        campaign=self.campaign,
                        unit=original.unit,
                        title=original.title,
                        description=original.description + "（另一张大字报）",
                        category=original.category,
                        posted_on=original.posted_on,
                        status=ProblemStatus.MERGED,
                        merged_into=original,
                        is_illustrative=True,
                        source="illustrative: the same problem posted twice; " + data.SH,
                    )
                ]
            )[0]
            new_authors = [n for n in duplicate_authors if n not in authors]
            new_supporters = [
                n
                for n in dict.fromkeys(duplicate_supporters)
                if n not in supporters and n not in authors and n not in new_authors
            ]
            duplicate.authors.add(*[self.person(n) for n in duplicate_authors])
            duplicate.supporters.add(*[self.person(n) for n in duplicate_supporters])
            original.authors.add(*[self.person(n) for n in new_authors])
            original.supporters.add(*[self.person(n) for n in new_supporters])
            merges.append(
                ProblemMerge(
                    duplicate=duplicate,
                    into=original,
                    note="同一个问题贴了两张大字报，合并。",
                    authors_added=len(new_authors),
                    supporters_added=len(new_supporters),
                )
            )
        ProblemMerge.objects.bulk_create(merges)
        self.count("merged duplicates", len(merges))

    # Regulations and the trials that support them

    def regulations(self):
        for spec in data.REGULATIONS:
            self.regulation(
                spec,
                key_issue=self.key_issues[spec["key_issue"]],
                campaign=self.campaign,
            )
        spec = data.THIRTEEN_PASSES["regulation"]
        trial = self.trial(data.TRIAL)
        self.trial(data.TRIAL_15)
        self.regulation(
            {**spec, "illustrative": False},
            key_issue=self.thirteen,
            campaign=None,
            trial=trial,
        )

    def regulation(self, spec, *, key_issue, campaign, trial=None):
        regulation = Regulation(
            unit=self.unit(spec["unit"]),
            code=spec["code"],
            title=spec["title"],
            kind=RegulationKind(spec["kind"]),
            is_illustrative=spec["illustrative"],
            source=spec["source"][:300],
        )
        regulation.save()
        first = RegulationVersion(
            regulation=regulation,
            number=1,
            status=VersionStatus.SUPERSEDED,
            approved_on=spec.get("v1_approved_on"),
        )
        first.save()
        second = RegulationVersion(
            regulation=regulation,
            number=2,
            status=VersionStatus.APPROVED,
            reason=spec["reason"],
            trial=trial,
            evidence_note=spec["evidence_note"],
            key_issue=key_issue,
            campaign=campaign,
            approved_on=spec["approved_on"],
            decision_note=spec["decision_note"],
            # Submitted on the morning of its approval (the seed gives no earlier day).
            submitted_at=timezone.make_aware(
                datetime.datetime.combine(spec["approved_on"], datetime.time(9))
            ),
        )
        second.save()
        Clause.objects.bulk_create(
            [Clause(version=first, number=n, text=text) for n, text in spec["v1_clauses"]]
            + [Clause(version=second, number=n, text=text) for n, text in spec["v2_clauses"]]
        )
        self.count("regulations", 1)

    def trial(self, spec):
        trial = Trial(
            campaign=None,
            unit=self.unit(spec["unit"]),
            key_issue=self.thirteen,
            title=spec["title"],
            question=spec["question"],
            design=TrialDesign(spec["design"]),
            baseline_label=spec["baseline_label"],
            changed_label=spec["changed_label"],
            started_on=spec["started_on"],
            ended_on=spec["ended_on"],
            conclusion=spec["conclusion"],
            source=spec["source"][:300],
        )
        trial.save()
        variables = TrialVariable.objects.bulk_create(
            TrialVariable(
                trial=trial,
                name=name,
                measured_in=measured_in,
                direction=Direction(direction),
                limit=Decimal(limit) if limit else None,
            )
            for name, measured_in, direction, limit, *_rest in spec["variables"]
        )
        # Shift by shift through the days, the settings alternating shift by shift.
        shifts = []
        day = spec["started_on"]
        while day <= spec["ended_on"]:
            shifts += [(day, shift) for shift in (1, 2, 3)]
            day += DAY
        observations = []
        for variable, (_n, _u, _d, _l, baseline, changed, readings) in zip(
            variables, spec["variables"], strict=True
        ):
            for index, (day, shift) in enumerate(shifts):
                arm, (mean, sd) = (
                    (TrialArm.BASELINE, baseline) if index % 2 == 0 else (TrialArm.CHANGED, changed)
                )
                for reading in range(1, readings + 1):
                    value = Decimal(str(round(self.rng.gauss(mean, sd), 1)))
                    note = f"{day.month}月{day.day}日第{shift}班"
                    if readings > 1:
                        note += f"第{reading}次读数"
                    observations.append(
                        Observation(
                            variable=variable, arm=arm, value=value, observed_on=day, note=note
                        )
                    )
        Observation.objects.bulk_create(observations)
        self.count("trials", 1)
        self.count("observations", len(observations))
        return trial

    # Taiyuan Steel

    def taiyuan_line(self):
        """The forging line, improved step by step as the seed tells it.

        Goes through gexin.innovation.lines like the line's page does, so each step
        writes the BottleneckRecord of the chain it leaves, dated on the step's day.
        """
        from gexin.innovation import lines

        spec = data.TAIYUAN_LINE
        line = ProductionLine(
            unit=self.unit(spec["unit"]),
            name=spec["name"],
            measured_in=spec["measured_in"],
            description=spec["description"],
            source=spec["source"][:300],
        )
        line.save()
        lines.add_stations(
            line,
            [
                Station(line=line, name=name, capacity=Decimal(value))
                for name, value in spec["stations"]
            ],
            note=spec["note"],
            today=spec["since"],
        )
        for day, name, value, note in spec["steps"]:
            station = line.stations.get(name=name)
            station.capacity = Decimal(value)
            if lines.save_station(station, note=note, today=day) is None:
                raise ValueError(f"{day}: the step on {name} left the chain as it was")
        self.count("production lines", 1)
        self.count("bottleneck records", line.bottleneck_history.count())

    def fields(self):
        entries = []
        for spec in data.FIELDS:
            field = ExperimentalField(
                leader=self.person(spec["leader"]),
                unit=self.unit(spec["unit"]),
                starts_on=spec["starts_on"],
                ends_on=spec.get("ends_on"),
                aim=spec["aim"],
                is_illustrative=spec["illustrative"],
                source=spec["source"][:300],
            )
            field.full_clean()
            field.save()
            rows = list(spec.get("entries", []))
            if "found" in spec:
                if len(spec["found"]) != spec["found_count"]:
                    raise ValueError("the curing pit's problems found do not add up")
                if len(spec["solved"]) != spec["solved_count"]:
                    raise ValueError("the curing pit's problems solved do not add up")
                rows += [(spec["starts_on"], "found", text) for text in spec["found"]]
                # Solved within three days (三天内即解决了八个).
                rows += [
                    (spec["starts_on"] + DAY * (i * 3 // len(spec["solved"])), "solved", text)
                    for i, text in enumerate(spec["solved"])
                ]
            entries += [
                FieldLogEntry(field=field, on=on, kind=FieldEntryKind(kind), text=text)
                for on, kind, text in rows
            ]
        FieldLogEntry.objects.bulk_create(entries)
        self.count("experimental fields", len(data.FIELDS))
        self.count("field log entries", len(entries))


def spread(total, weights):
    """Split the integer `total` in proportion to `weights`; the parts add up exactly."""
    weight_sum = sum(weights)
    exact = [total * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts
