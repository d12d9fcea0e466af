"""Per-request and per-server limits of the web app, declared once.

Input: none. Output: constants read by the request models (``models``), the job runner (``jobs``) and the pages
(which show them). A web user shares the machine with everyone else: runs are capped well below what the CLI allows.
"""

MIN_SAMPLE_SIZE = 1_000          # the scenario schema's own minimum
MAX_SAMPLE_SIZE = 200_000        # the study's size: about a minute per draw to 2030 on one core
DEFAULT_SAMPLE_SIZE = 20_000
MAX_DRAWS = 10
DEFAULT_DRAWS = 3
QUEUE_LIMIT = 8                  # jobs waiting; more are refused with 429 rather than queued for hours
WORKERS = 1                      # worker processes; the machine has 2 cores and the server needs one
JOB_TIME_LIMIT_S = 900           # a job still running after this is stopped and marked failed
MAX_CPU_WAITING = 200            # eligibility requests waiting for the CPU (~4 ms each); more get 429 at once
MAX_BODY_BYTES = 256 * 1024      # a scenario or a person is a few kB; anything far larger is not one
MAX_YAML_CHARS = 64_000
MAX_EVIDENCE_PAGE = 200
MAX_COMPARE_ROWS = 5_000
EARLIEST_DATE = "2000-01-01"     # eligibility dates: the rules as code start in 2022, the person's dates before
LATEST_DATE = "2040-12-31"       # the scenarios' last horizon
