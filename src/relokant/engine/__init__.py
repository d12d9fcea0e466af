"""Engine: the monthly microsimulation (see ``simulate``), its random streams and its metric outputs."""

from relokant.engine.outputs import METRICS, metrics_frame
from relokant.engine.access import AccessTable
from relokant.engine.simulate import SimulationResult, simulate

__all__ = ["METRICS", "AccessTable", "SimulationResult", "metrics_frame", "simulate"]
