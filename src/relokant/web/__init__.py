"""The web app: scenario studio, run pages, comparison, eligibility checker and evidence browser, over ``relokant.api``.

Input: HTTP requests. Output: HTML pages (server-rendered, small vanilla JS, every script, style and map geometry
served by the app itself) and a JSON API with OpenAPI docs at ``/docs``. ``server.serve`` starts it with uvicorn;
``app.create_app`` builds the ASGI app (tests use it in-process). Simulations run as jobs in worker processes
(``jobs``), never in a request; their status and results live in the DuckDB run store and survive a restart.
"""
