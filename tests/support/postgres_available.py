"""Exit 0 when the PostgreSQL of TEST_DATABASE_URL answers (used by `make test`)."""

import os
import sys

import psycopg2

try:
    psycopg2.connect(os.environ["TEST_DATABASE_URL"], connect_timeout=3).close()
except (psycopg2.Error, KeyError):
    sys.exit(1)
