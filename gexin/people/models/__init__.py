"""Models of the people and the union group's own work, one module per area."""

from gexin.people.models.groups import *  # noqa: F403
from gexin.people.models.members import *  # noqa: F403
from gexin.people.models.mentoring import *  # noqa: F403
from gexin.people.models.skills import *  # noqa: F403
