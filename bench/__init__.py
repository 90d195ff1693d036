"""Benchmarks: each prints its figures as ratios against a bare floor measured in the same run."""
