"""Tests of national planning."""
