"""Station definitions, scoring, timing, scenarios and psychometrics: plain Python, no Qt."""
