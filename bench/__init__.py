"""Benchmarks: quality with ../shared/bench/score.py and speed side by side with the peers."""
