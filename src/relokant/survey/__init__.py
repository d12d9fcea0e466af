"""Survey: weight an emigrant survey to known margins, profile it against Russia, and check the op-ed's claims.

Inputs: survey microdata (CSV, shape below), known margins (YAML, see ``relokant.survey.margins``), the evidence, and
the synthetic Russian population as the baseline. Outputs: raked weights with diagnostics (``weight_survey``,
``write_weighted``), a weighted profile with bootstrap intervals against the Russian baseline (``profile``), the
claims table (``claims.assess``), and the SYNTHETIC demo survey (``demo.generate``, shipped as ``DEMO_SURVEY`` and
``DEMO_MARGINS``).

The survey CSV: a header row, one row per respondent, UTF-8, comma-separated (semicolons and tabs are recognised).
Leading lines starting with ``#`` are comments. Column names are matched case-insensitively; columns not listed here
are kept (and written back by ``survey weight``) but not read. A blank cell is a missing answer: every statistic
excludes the respondents who did not answer it and reports how many.

=============  ========  ========================================================================================
column         required  values
=============  ========  ========================================================================================
respondent_id  yes       any text, unique, never blank
age            yes       age in completed years (14-110)
sex            yes       female / male
higher_edu               1 / 0 (also yes/no, true/false): holds a university degree
it                       1 / 0: works in IT
entrepreneur             no / self_employed / business_owner
region_origin            moscow / st_petersburg / large_city (other city over a million) / rest
partner                  1 / 0: married or living with a partner
children                 number of children (0-20)
country                  country of residence, ISO 3166-1 alpha-2 (DE, GE, RS, ...; XX = elsewhere)
left                     month of departure from Russia, YYYY-MM
design_weight            a positive number (the survey's base weight); 1 for everyone if the column is absent
synthetic                1 marks a made-up respondent (the shipped demo)
=============  ========  ========================================================================================

Python::

    from relokant import survey
    s = survey.read_survey("my_survey.csv")
    m = survey.load_margins("my_margins.yaml")
    w = survey.weight_survey(s, m, bounds=(0.2, 5))     # w.weight, w.diagnostics(), w.table
    p = survey.profile(s, m, replicates=500, seed=1)    # p.rows, p.to_dict()
    report = survey.claims.assess()                     # the op-ed's claims against the evidence
"""

from relokant.survey import claims, demo
from relokant.survey.demo import DEMO_MARGINS, DEMO_SURVEY
from relokant.survey.margins import CompiledMargins, MarginsFile, compile_margins, load_margins
from relokant.survey.microdata import COLUMNS, Survey, read_survey
from relokant.survey.profile import STATISTICS, Profile, profile
from relokant.survey.weighting import Weighting, parse_bounds, weight_survey, write_weighted

__all__ = ["COLUMNS", "DEMO_MARGINS", "DEMO_SURVEY", "STATISTICS", "CompiledMargins", "MarginsFile", "Profile",
           "Survey", "Weighting", "claims", "compile_margins", "demo", "load_margins", "parse_bounds", "profile",
           "read_survey", "weight_survey", "write_weighted"]
