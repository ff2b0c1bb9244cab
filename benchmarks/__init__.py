"""Speed and memory benchmarks, run by hand (``make bench``); results are written in the README."""
