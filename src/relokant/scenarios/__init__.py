"""Scenarios shipped with relokant (baseline, case-proposal); ``scenarios/`` at the repository root links here."""
