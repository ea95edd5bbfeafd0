extension Arguments {
  /// The text `ssot-migrate --help` prints (ends with a newline; lines under 80 columns).
  public static let helpText = """
    OVERVIEW: Migrate a Python monorepo to one source of truth, one reviewable git
    commit per phase. Runs a declarative codemod: the built-in websocket-ssot
    (factory calls -> WebSocketManager(user_context=...), canonical imports,
    duplicate definitions -> aliases) or your own with --codemod.

    USAGE: ssot-migrate --phase N [--dry-run | --check] [options] [PATH]...
           ssot-migrate --all [--dry-run | --check] [options] [PATH]...
           ssot-migrate --check [options] [PATH]...
           ssot-migrate discover [--format FORMAT] [options] [PATH]...
           ssot-migrate verify [--phase N] [--format FORMAT] [options] [PATH]...
           ssot-migrate list [--codemod FILE] [--format text|json]
           ssot-migrate help | --help | --version

    COMMANDS:
      (none)                Run the phases given by --phase or --all: write the
                            changes and make one git commit per phase, or preview
                            them with --dry-run, or test for them with --check.
      discover              Phase 1's report: duplicate definitions, deprecated
                            calls, non-canonical imports. Writes nothing.
      verify                Run every phase in memory; fail when any has pending
                            edits, is not idempotent, or breaks syntax. For CI.
      list                  Show the codemod's phases and transforms.
      help                  Show this help.

    PHASES:
      --phase N             Run phase N. Several: --phase 2,3 or --phase 2-4.
      --all                 Run every phase in order (one commit per phase that
                            has edits).

    MODES:
      --dry-run             Write nothing: print the unified diff on stdout, and
                            the summary and findings on stderr.
      --check               Write nothing: print the summary and findings; exit 1
                            when anything would change. Without --phase or
                            --all, checks every phase.

    BASELINE:
      --write-baseline FILE With discover: record every pending edit and
                            finding in FILE, to commit (and to write again
                            when sites are fixed: the ratchet).
      --baseline FILE       With --check or verify: exit 1 only for sites that
                            FILE does not hold; print those fixed since.

    INPUT:
      --codemod FILE        Use this codemod file instead of the built-in one.
      --root DIR            The repository root (default: the current directory).
      PATH...               Report and write only these files or directories
                            (inside the root); every file is still read, so
                            their results are those of a run without PATHs.
      --                    End of options: what follows is a path.

    WRITING:
      --allow-dirty         Run even when the work tree has uncommitted changes.
      --no-commit           Write the files but make no git commit.
      --verify-syntax       Also check that every changed file parses with
                            python3's ast (one batched python3 process).
      --no-resolve-check    Report imports that do not resolve as findings
                            instead of stopping the phase.
      --gate COMMAND        Shell command run after a phase's files are written
                            and before its commit; on failure the phase is
                            rolled back.
      -i, --interactive     Review each change before it is written (y, n, a,
                            d, q, ?); only accepted changes are committed.
      --answers FILE        The review's answers, one letter per prompt,
                            instead of the terminal.

    OUTPUT:
      --format FORMAT       text (default), json, sarif or github for --check,
                            verify and discover; markdown for discover.
      --color WHEN          auto (default: on a terminal, unless NO_COLOR is
                            set), always or never.
      -q, --quiet           Print only errors and findings.
      --timings             Print the wall time of each stage on stderr.
      -j, --jobs N          Files processed in parallel (default: the number of
                            cores).
      -h, --help            Show this help.
      --version             Show the version.

    Options take their value as --option VALUE or --option=VALUE.

    EXIT CODES:
      0    Success: nothing pending, nothing failed.
      1    Changes pending (--check, verify, the validate phase) or findings
           that fail a check.
      2    Usage error, or an invalid codemod file (the message names the file
           and the key).
      3    I/O, validation or git failure; the phase's files were restored.

    EXAMPLES:
      ssot-migrate --phase 2 --dry-run      Preview phase 2 as a diff.
      ssot-migrate --phase 2                Apply phase 2 and commit it.
      ssot-migrate --phase 2 --interactive  Review phase 2 change by change.
      ssot-migrate verify                   In CI: fail while work is left.
      ssot-migrate discover --format markdown > ssot-report.md
      ssot-migrate discover --write-baseline ssot-baseline.json
      ssot-migrate --check --baseline ssot-baseline.json
      ssot-migrate --all --gate "pytest -x -q tests/unit"

    """
}
