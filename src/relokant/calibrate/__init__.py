"""Calibration: targets from the evidence, the first least-squares fit of the engine's free parameters, and its
validation against the targets beside a naive forecast (``validate``)."""

from relokant.calibrate.fit import FitResult, evaluate, fit, reproduce_table, save
from relokant.calibrate.targets import CHECKS, FITTED_PARAMETERS, TARGETS, Target
from relokant.calibrate.validate import Validation, validate

__all__ = ["CHECKS", "FITTED_PARAMETERS", "FitResult", "TARGETS", "Target", "Validation", "evaluate", "fit",
           "reproduce_table", "save", "validate"]
