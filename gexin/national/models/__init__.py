"""Models of national and provincial planning, one module per area."""

from gexin.national.models.board import *  # noqa: F403
from gexin.national.models.equipment import *  # noqa: F403
from gexin.national.models.quality import *  # noqa: F403
from gexin.national.models.transfers import *  # noqa: F403
