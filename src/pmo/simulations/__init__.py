"""Monte Carlo schedule and cost risk of projects: three-point estimates, correlation groups, runs."""
