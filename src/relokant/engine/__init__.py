"""Engine: the monthly microsimulation (see ``simulate``), its random streams and its metric outputs."""

from relokant.engine.outputs import METRICS, metrics_frame
from relokant.engine.simulate import SimulationResult, simulate

__all__ = ["METRICS", "SimulationResult", "metrics_frame", "simulate"]
