"""Settings for `gexin bench web`: the normal settings plus the benchmark's bare view."""

from gexin.config.settings import *  # noqa: F403

ROOT_URLCONF = "gexin.config.bench_urls"
