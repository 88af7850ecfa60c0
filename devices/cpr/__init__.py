"""CPR quality: targets (:mod:`~devices.cpr.profiles`), the streaming analyser
(:mod:`~devices.cpr.analysis`) and a generator of traces with known truth
(:mod:`~devices.cpr.synth`). docs/cpr-metrics.md defines every figure.

Nothing is imported here, so that ``import devices.cpr`` stays free; import the module
you need.
"""
