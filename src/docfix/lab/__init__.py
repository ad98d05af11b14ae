"""docfix's lab: the benchmark and experiment tools.

The damage simulator (:mod:`docfix.lab.simulate`), the benchmark's metrics
(:mod:`docfix.lab.metrics`), the char n-gram baseline peer
(:mod:`docfix.lab.baseline`) and the benchmark itself (:mod:`docfix.lab.bench`,
``docfix bench``). The library (``docfix.repair``) never imports this package.
"""
