"""gexin (革新): a factory's production, from a union group's plan to a ministry's."""

__version__ = "0.1.0"
