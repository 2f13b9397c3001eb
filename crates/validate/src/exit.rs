//! Exit codes, in one place because CI jobs branch on them.
//!
//! When a run has both violations and inputs it could not check, "not
//! checked" wins: a gate must never read a partial run as a plain failure
//! of the payload, nor as a pass.

/// Every input was checked and conforms.
pub const VALID: u8 = 0;
/// At least one input breaks the documented contract in a way the
/// baseline does not accept (drift counts only with `--deny-drift`).
pub const VIOLATION: u8 = 1;
/// The command line or the schema given is unusable, and nothing was
/// checked; or a file asked for (report, baseline, `--save` response)
/// could not be written, whatever the inputs held.
pub const USAGE: u8 = 2;
/// At least one input could not be checked (unreadable, not JSON, nothing
/// matched, ...). The other inputs were still checked and reported.
pub const NOT_CHECKED: u8 = 3;

/// The text shown under `--help`.
pub const HELP: &str = "\
Exit codes:
  0  every input was checked and is valid
  1  a contract violation was found that the baseline does not accept
     (drift only with --deny-drift)
  2  usage error (bad flags, unreadable schema or baseline), or a report,
     baseline or --save response that cannot be written
  3  some input could not be checked, or nothing was checked; wins over 1";

/// The exit codes of `validate doc-check`, shown under its `--help`. A
/// document that documents no registered endpoint counts as not checked:
/// a gate must not pass on a file it could not compare.
pub const DOC_CHECK_HELP: &str = "\
Exit codes:
  0  every document agrees with the contract
  1  a disagreement was found
  2  usage error
  3  a document could not be read, or documents no registered endpoint;
     wins over 1";

/// The exit codes of `validate diff`, shown under its `--help`.
pub const DIFF_HELP: &str = "\
Exit codes:
  0  no breaking change (compatible changes may be listed)
  1  a breaking change was found
  2  usage error, or a schema that cannot be read or compared";

/// The exit codes of `validate schema`, shown under its `--help`.
pub const SCHEMA_HELP: &str = "\
Exit codes:
  0  the schema or document was printed or written
  2  usage error (bad flags, unknown endpoint), or a file that cannot be
     written";

/// The exit codes of `validate generate`, shown under its `--help`.
pub const GENERATE_HELP: &str = "\
Exit codes:
  0  every response was written
  2  usage error (bad options), or a file that cannot be written";
