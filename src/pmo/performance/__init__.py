"""Performance: earned value of projects, programs and portfolios, with S-curves."""
