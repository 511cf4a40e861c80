#!/usr/bin/env python3
"""bench/log_pages.py on a log made here: pages counted per commit and given to
the B-tree that owned them then; bad input answered with one line and exit 1."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

tool = sys.argv[1]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def run(*args):
    return subprocess.run([sys.executable, tool, *args], capture_output=True, text=True)


with tempfile.TemporaryDirectory() as folder:
    db = os.path.join(folder, "made.db")
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("CREATE INDEX notes_body ON notes(body)")
    # Pages that another table had, now free: the commits below take them.
    connection.execute("CREATE TABLE scratch (x TEXT)")
    connection.executemany("INSERT INTO scratch VALUES (?)", [("x" * 1000,)] * 100)
    connection.execute("DROP TABLE scratch")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(db, os.path.join(folder, "base.db"))
    for i in range(5):  # five commits, each a long row in the table and an entry in its index
        connection.execute("INSERT INTO notes (body) VALUES (?)", (f"note {i} " + "n" * 3000,))
    shutil.copyfile(db + "-wal", os.path.join(folder, "log.copy"))  # before closing checkpoints it
    connection.close()

    good = run(os.path.join(folder, "base.db"), os.path.join(folder, "log.copy"), "5", "--samples", "3")
    check(good.returncode == 0, f"a good log: exit {good.returncode}, {good.stderr.strip()}")
    check("5 commits, 5 webhooks (1.0 a commit)" in good.stdout, f"commits counted: {good.stdout}")
    check("from 3 commits" in good.stdout, f"samples: {good.stdout}")
    check(" notes " in good.stdout and "notes_body" in good.stdout, f"owners named: {good.stdout}")
    per_commit = {}
    for line in good.stdout.splitlines():
        if "pages a commit  " in line:
            per_commit[line[2:36].strip()] = float(line[36:].split()[0])
    # Each long row takes pages from the free list: they are the table's now.
    # (Read with the database as it was before the log, they would be nobody's;
    # the free list's own trunk page, changed at every commit, is nobody's.)
    check(per_commit.get("notes", 0) > 1.5, f"the table's pages: {good.stdout}")
    check(per_commit.get("(free list)", 0) <= 1.0, f"only the free list's trunk is free: {good.stdout}")

    not_a_log = run(os.path.join(folder, "base.db"), os.path.join(folder, "base.db"), "5")
    check(not_a_log.returncode == 1 and "not a SQLite write-ahead log" in not_a_log.stderr
          and not_a_log.stderr.count("\n") == 1, f"a database given as the log: {not_a_log.stderr}")
    missing = run(os.path.join(folder, "base.db"), os.path.join(folder, "nowhere"), "5")
    check(missing.returncode == 1 and "nowhere" in missing.stderr, f"a missing log: {missing.stderr}")
    zero = run(os.path.join(folder, "base.db"), os.path.join(folder, "log.copy"), "0")
    check(zero.returncode == 1 and "must be positive" in zero.stderr, f"no webhooks: {zero.stderr}")

for failure in failures:
    print("FAILED:", failure)
sys.exit(1 if failures else 0)
