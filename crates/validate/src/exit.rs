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
/// The command line or the schema given is unusable; nothing was checked.
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
  2  usage error (bad flags, unreadable schema or baseline)
  3  some input could not be checked; wins over 1";
