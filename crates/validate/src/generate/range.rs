//! How many integrations each generated response holds, as typed after
//! `--integrations`.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// The most integrations one response may hold: beyond it a single
/// response is too big to hold in memory comfortably, and no recorded
/// response comes near it.
pub const MAX_INTEGRATIONS: usize = 100_000;

/// A non-empty range of integration counts, end excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationRange(Range<usize>);

impl IntegrationRange {
    /// The range, end excluded.
    pub fn range(&self) -> Range<usize> {
        self.0.clone()
    }
}

/// Why a range was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RangeError {
    /// Not `N`, `A..B` or `A..=B`.
    #[error("`{0}` is not a count or a range (expected `N`, `A..B` or `A..=B`)")]
    Syntax(String),
    /// Nothing in the range.
    #[error("`{0}` is empty (the end of `A..B` is excluded; `A..=B` includes it)")]
    Empty(String),
    /// Beyond [`MAX_INTEGRATIONS`].
    #[error("`{0}` reaches beyond {MAX_INTEGRATIONS} integrations per response")]
    TooLarge(String),
}

impl FromStr for IntegrationRange {
    type Err = RangeError;

    fn from_str(text: &str) -> Result<Self, RangeError> {
        let number = |part: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| RangeError::Syntax(text.to_owned()))
        };
        let range = if let Some((start, last)) = text.split_once("..=") {
            number(start)?..number(last)?.saturating_add(1)
        } else if let Some((start, end)) = text.split_once("..") {
            number(start)?..number(end)?
        } else {
            let exactly = number(text)?;
            exactly..exactly.saturating_add(1)
        };
        if range.start > MAX_INTEGRATIONS || range.end > MAX_INTEGRATIONS + 1 {
            return Err(RangeError::TooLarge(text.to_owned()));
        }
        if range.is_empty() {
            return Err(RangeError::Empty(text.to_owned()));
        }
        Ok(Self(range))
    }
}

impl fmt::Display for IntegrationRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.0.start, self.0.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> Result<Range<usize>, RangeError> {
        text.parse::<IntegrationRange>().map(|r| r.range())
    }

    #[test]
    fn counts_and_both_kinds_of_range_are_read() {
        assert_eq!(range("3"), Ok(3..4));
        assert_eq!(range("0"), Ok(0..1));
        assert_eq!(range("1..20"), Ok(1..20));
        assert_eq!(range("1..=20"), Ok(1..21));
        assert_eq!(range("100000"), Ok(100_000..100_001));
    }

    #[test]
    fn empty_malformed_and_huge_ranges_are_refused() {
        assert_eq!(range("5..5"), Err(RangeError::Empty("5..5".into())));
        assert_eq!(range("5..2"), Err(RangeError::Empty("5..2".into())));
        for bad in ["", "a", "1..", "..3", "-1", "1...3", "1..2..3"] {
            assert_eq!(range(bad), Err(RangeError::Syntax(bad.into())), "{bad}");
        }
        assert!(matches!(range("1..=100001"), Err(RangeError::TooLarge(_))));
        assert!(matches!(
            range("18446744073709551615"),
            Err(RangeError::TooLarge(_))
        ));
    }
}
