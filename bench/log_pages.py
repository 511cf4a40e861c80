#!/usr/bin/env python3
"""Which tables and indexes the writer's commits write, from a copy of the write-ahead log.

    bench/log_pages.py BASE_DB LOG WEBHOOKS [--samples N]

BASE_DB is the database file as it was when LOG began (nothing checkpointed
since), LOG a copy of its write-ahead log, WEBHOOKS how many webhooks those
commits stored. For N commits spread over the log, the database as it stood
after each one is rebuilt in a scratch folder (BASE_DB with the log up to that
commit) and SQLite's `dbstat` says which B-tree owns each page the commit
wrote: a page freed by one B-tree and reused by another is counted for the
one that had it then. `bench/run.sh pages` makes the three arguments.
"""
import argparse
import collections
import os
import shutil
import sqlite3
import struct
import sys
import tempfile

FRAME_HEADER = 24
LOG_HEADER = 32


def commits_of(log):
    """(pages written, end offset in the log) for each commit, in order."""
    if len(log) < LOG_HEADER or struct.unpack(">I", log[0:4])[0] not in (0x377F0682, 0x377F0683):
        raise ValueError("not a SQLite write-ahead log")
    page_size = struct.unpack(">I", log[8:12])[0]
    salt = log[16:24]
    commits, pages, offset = [], set(), LOG_HEADER
    while offset + FRAME_HEADER + page_size <= len(log):
        page, size_after_commit = struct.unpack(">II", log[offset:offset + 8])
        if log[offset + 8:offset + 16] != salt:
            break  # frames of an earlier log generation
        pages.add(page)
        offset += FRAME_HEADER + page_size
        if size_after_commit:
            commits.append((pages, offset))
            pages = set()
    return commits


def owners_after(base_db, log, end, scratch):
    """Page number -> B-tree name, in the database as it stood at `end` of the log."""
    db = os.path.join(scratch, "at.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    shutil.copyfile(base_db, db)
    with open(db + "-wal", "wb") as out:
        out.write(log[:end])
    connection = sqlite3.connect(db)
    try:
        return {page: name for name, page in connection.execute("SELECT name, pageno FROM dbstat")}
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_db")
    parser.add_argument("log")
    parser.add_argument("webhooks", type=int)
    parser.add_argument("--samples", type=int, default=8)
    args = parser.parse_args()
    if args.webhooks <= 0 or args.samples <= 0:
        sys.exit("log_pages: WEBHOOKS and --samples must be positive")
    try:
        with open(args.log, "rb") as f:
            log = f.read()
        commits = commits_of(log)
    except (OSError, ValueError) as e:
        sys.exit(f"log_pages: {args.log}: {e}")
    if not commits:
        sys.exit(f"log_pages: {args.log}: no commit in the log")

    samples = min(args.samples, len(commits))
    counted = collections.Counter()
    pages_sampled = 0
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(samples):
            pages, end = commits[int(len(commits) * (i + 0.5) / samples)]
            owners = owners_after(args.base_db, log, end, scratch)
            for page in pages:
                counted[owners.get(page, "(free list)")] += 1
            pages_sampled += len(pages)

    all_pages = sum(len(pages) for pages, _ in commits)
    print(f"{len(commits)} commits, {args.webhooks} webhooks ({args.webhooks / len(commits):.1f} a commit), "
          f"{all_pages / len(commits):.0f} pages a commit, {all_pages / args.webhooks:.2f} pages a webhook")
    print(f"by table and index, from {samples} commits spread over the log:")
    for name, count in counted.most_common():
        share = 100 * count / pages_sampled
        if share < 0.5:
            break
        print(f"  {name:34s} {count / samples:6.1f} pages a commit  {share:5.1f} %")


if __name__ == "__main__":
    main()
