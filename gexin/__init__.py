"""gexin (革新): production, plans, meetings, competitions and innovation, from a union group to a ministry."""

__version__ = "0.1.0"
