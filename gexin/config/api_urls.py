"""Routes of the REST API, `/api/v1/`. Each app adds its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from gexin.competitions.api import competitions as competitions_api
from gexin.core.api_views import ObtainTokenView
from gexin.innovation.api import campaigns as innovation_api
from gexin.innovation.api import lines as lines_api
from gexin.meetings import api as meetings_api
from gexin.org import api as org_api
from gexin.plans import api as plans_api

router = DefaultRouter()
router.register("units", org_api.UnitViewSet)
router.register("people", org_api.PersonViewSet)
router.register("roles", org_api.RoleAssignmentViewSet)
router.register("work-types", org_api.WorkTypeViewSet)
router.register("metrics", plans_api.MetricViewSet)
router.register("plans", plans_api.PlanViewSet)
router.register("pledges", plans_api.PledgeViewSet)
router.register("records", plans_api.RecordViewSet)
router.register("meetings", meetings_api.MeetingViewSet)
router.register("agenda-items", meetings_api.AgendaItemViewSet)
router.register("attendance", meetings_api.AttendanceViewSet)
router.register("minute-entries", meetings_api.MinuteEntryViewSet)
router.register("action-items", meetings_api.ActionItemViewSet)
router.register("proposals", meetings_api.ProposalViewSet)
router.register("proposal-deadlines", meetings_api.ProposalDeadlineViewSet)
# innovation: campaigns, problems, key issues, teams
router.register("campaigns", innovation_api.CampaignViewSet)
router.register("problems", innovation_api.ProblemViewSet)
router.register("problem-comments", innovation_api.ProblemCommentViewSet)
router.register("key-issues", innovation_api.KeyIssueViewSet)
router.register("proposed-solutions", innovation_api.ProposedSolutionViewSet)
router.register("research-teams", innovation_api.ResearchTeamViewSet)
# innovation: trials and regulations
from gexin.innovation.api import trials as trials_api  # noqa: E402

router.register("trials", trials_api.TrialViewSet)
router.register("trial-variables", trials_api.TrialVariableViewSet)
router.register("observations", trials_api.ObservationViewSet)
router.register("regulations", trials_api.RegulationViewSet)
router.register("regulation-versions", trials_api.RegulationVersionViewSet)
router.register("clauses", trials_api.ClauseViewSet)
# innovation: production lines and experimental fields
router.register("production-lines", lines_api.ProductionLineViewSet)
router.register("stations", lines_api.StationViewSet)
router.register("bottleneck-records", lines_api.BottleneckRecordViewSet)
router.register("experimental-fields", lines_api.ExperimentalFieldViewSet)
router.register("field-log-entries", lines_api.FieldLogEntryViewSet)

# competitions: competitions, participants, conditions
router.register("competitions", competitions_api.CompetitionViewSet)
router.register("participants", competitions_api.ParticipantViewSet)
router.register("competition-conditions", competitions_api.CriterionViewSet)
router.register("eligibility-conditions", competitions_api.EligibilityGateViewSet)
# competitions: evaluations, standings, banner
from gexin.competitions.api import evaluations as evaluations_api  # noqa: E402

router.register("evaluations", evaluations_api.EvaluationViewSet)
router.register("scores", evaluations_api.ScoreViewSet)
router.register("banner-holdings", evaluations_api.BannerHoldingViewSet)
# competitions: awards, laggards, producers, handovers
from gexin.competitions.api import help as help_api  # noqa: E402

router.register("awards", help_api.AwardViewSet)
router.register("pairings", help_api.PairingViewSet)
router.register("help-cases", help_api.HelpCaseViewSet)
router.register("help-reviews", help_api.HelpReviewViewSet)
router.register("advanced-producers", help_api.AdvancedProducerViewSet)
router.register("handovers", help_api.HandoverViewSet)
# exchange: experiences, attachments, spread and adoption
from gexin.exchange.api import experiences as experiences_api  # noqa: E402

router.register("experiences", experiences_api.ExperienceViewSet)
router.register("experience-attachments", experiences_api.ExperienceAttachmentViewSet)
router.register("adoptions", experiences_api.AdoptionViewSet)
# exchange: search
from gexin.exchange.api import search as search_api  # noqa: E402

search_view = search_api.SearchView.as_view()  # routed as a plain path in urlpatterns
# exchange: contracts, items, conferences, evaluations
from gexin.exchange.api import contracts as exchange_contracts_api  # noqa: E402

router.register("assistance-contracts", exchange_contracts_api.ContractViewSet)
router.register("contract-items", exchange_contracts_api.ContractItemViewSet)
router.register("assistance-conferences", exchange_contracts_api.ConferenceViewSet)
router.register("item-evaluations", exchange_contracts_api.ItemEvaluationViewSet)
# exchange: express reports, subscriptions, feeds
from gexin.exchange.api import express as exchange_express_api  # noqa: E402

router.register("express-reports", exchange_express_api.ExpressReportViewSet)
router.register("report-subscriptions", exchange_express_api.SubscriptionViewSet)
# exchange: cards, cooperation, same-type comparison
from gexin.exchange.api import cards as exchange_cards_api  # noqa: E402
from gexin.exchange.api import comparison as exchange_comparison_api  # noqa: E402
from gexin.exchange.api import cooperation as exchange_cooperation_api  # noqa: E402

router.register("assistance-cards", exchange_cards_api.AssistanceCardViewSet)
router.register("cooperations", exchange_cooperation_api.CooperationViewSet)
router.register("cooperation-items", exchange_cooperation_api.CooperationItemViewSet)
# national: board
from gexin.national.api import board as national_board_api  # noqa: E402

router.register("key-enterprises", national_board_api.KeyEnterpriseViewSet)
# national: equipment
from gexin.national.api import equipment as national_equipment_api  # noqa: E402

router.register("equipment", national_equipment_api.EquipmentViewSet)
router.register("equipment-status-changes", national_equipment_api.StatusChangeViewSet)
# national: quality
from gexin.national.api import quality as national_quality_api  # noqa: E402

router.register("product-standards", national_quality_api.ProductStandardViewSet)
router.register("standard-limits", national_quality_api.StandardLimitViewSet)
router.register("inspections", national_quality_api.InspectionViewSet)
router.register("quality-rates", national_quality_api.QualityRatesViewSet, basename="quality-rates")
# national: transfers
from gexin.national.api import transfers as national_transfers_api  # noqa: E402

router.register("transfer-plans", national_transfers_api.TransferPlanViewSet)
router.register("transfer-supplies", national_transfers_api.TransferSupplyViewSet)
router.register("transfer-demands", national_transfers_api.TransferDemandViewSet)
router.register("transfer-routes", national_transfers_api.TransferRouteViewSet)
router.register("transfer-flows", national_transfers_api.TransferFlowViewSet)
router.register("shipments", national_transfers_api.ShipmentViewSet)
# people: board
from gexin.people.api import board as people_board_api  # noqa: E402

# people: skills
from gexin.people.api import skills as people_skills_api  # noqa: E402

router.register("skills", people_skills_api.SkillViewSet)
router.register("skill-levels", people_skills_api.SkillLevelViewSet)
router.register("grade-changes", people_skills_api.GradeChangeViewSet)
router.register("assessments", people_skills_api.AssessmentViewSet)
# people: mentoring
from gexin.people.api import mentoring as people_mentoring_api  # noqa: E402

router.register("apprenticeships", people_mentoring_api.ApprenticeshipViewSet)
router.register("apprenticeship-goals", people_mentoring_api.ApprenticeshipGoalViewSet)
router.register("progress-checks", people_mentoring_api.ProgressCheckViewSet)
# people: groups
from gexin.people.api import groups as people_groups_api  # noqa: E402

router.register("study-groups", people_groups_api.StudyGroupViewSet)
router.register("study-group-members", people_groups_api.StudyGroupMemberViewSet)
router.register("study-sessions", people_groups_api.StudySessionViewSet)
router.register("solved-problems", people_groups_api.SolvedProblemViewSet)
router.register("demonstrations", people_groups_api.DemonstrationViewSet)
# people: members
from gexin.people.api import members as people_members_api  # noqa: E402

router.register("membership-events", people_members_api.MembershipEventViewSet)
router.register("dues-rates", people_members_api.DuesRateViewSet)
router.register("dues-payments", people_members_api.DuesPaymentViewSet)
router.register("welfare-cases", people_members_api.WelfareCaseViewSet)
router.register("welfare-help", people_members_api.WelfareHelpViewSet)
router.register("activities", people_members_api.ActivityViewSet)

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api_token"),
    path("fulfilment/", plans_api.FulfilmentView.as_view(), name="api_fulfilment"),
    # people: extra API paths (board)
    # people: extra API paths (members)
    path(
        "dues-arrears/",
        people_members_api.DuesArrearsView.as_view(),
        name="api_dues_arrears",
    ),
    path("people-board/", people_board_api.PeopleBoardView.as_view(), name="api_people_board"),
    # people: skills
    path("skill-matrix/", people_skills_api.SkillMatrixView.as_view(), name="api_skill_matrix"),
    # national: extra API paths (board)
    path("board/", national_board_api.BoardView.as_view(), name="api_board"),
    # exchange: extra API paths (search, comparison)
    path(
        "comparison/",
        exchange_comparison_api.ComparisonView.as_view(),
        name="api_comparison",
    ),
    path("search/", search_view, name="api_search"),
    *router.urls,
]
