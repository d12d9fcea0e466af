"""Calibration: targets from the evidence and the first least-squares fit of the engine's free parameters."""

from relokant.calibrate.fit import FitResult, evaluate, fit, reproduce_table, save
from relokant.calibrate.targets import FITTED_PARAMETERS, TARGETS, Target

__all__ = ["FITTED_PARAMETERS", "FitResult", "TARGETS", "Target", "evaluate", "fit", "reproduce_table", "save"]
