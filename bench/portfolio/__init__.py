"""The portfolio benchmark's data: one portfolio of programs and projects built straight into a
database (:mod:`bench.portfolio.build`)."""
