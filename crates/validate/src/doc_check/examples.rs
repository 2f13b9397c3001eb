//! `json` example blocks: each must be JSON, and in a section for a
//! registered endpoint it must keep the contract. The checker that judges
//! responses judges examples, so its findings, redaction and excerpts come
//! along; only their positions move from the block to the document.

use super::finding::{DocFinding, DocRule, Subject};
use super::markdown::{CodeBlock, Lines};
use crate::check::{Checker, Verdict};
use crate::finding::Location;

/// Checks one example; with no checker, only that it is JSON.
pub fn check(block: &CodeBlock, checker: Option<&Checker>, lines: &Lines<'_>) -> Vec<DocFinding> {
    let bytes = block.text.as_bytes();
    let verdict = match checker {
        Some(checker) => checker.check(bytes),
        None => match crate::parse::parse(bytes) {
            Ok(_) => Verdict::Checked(Vec::new()),
            Err(problem) => Verdict::NotChecked(problem),
        },
    };
    match verdict {
        Verdict::Checked(findings) => findings
            .into_iter()
            .map(|finding| {
                let location = place(block, lines, finding.location);
                let mut message = format!("expected {}, found {}", finding.expected, finding.found);
                if let Some(related) = &finding.related {
                    message.push_str(&format!("; {} {}", related.label, related.pointer));
                    if let Some(at) = related.location {
                        message
                            .push_str(&format!(" (line {})", place(block, lines, Some(at)).line));
                    }
                }
                DocFinding {
                    rule: DocRule::ExampleContract(finding.rule),
                    location,
                    subject: Some(Subject::Pointer(finding.pointer)),
                    message,
                    excerpt: finding.excerpt,
                }
            })
            .collect(),
        Verdict::NotChecked(problem) => {
            let location = place(block, lines, problem.location());
            vec![DocFinding {
                rule: DocRule::ExampleJson,
                location,
                subject: problem.pointer().map(|p| Subject::Pointer(p.to_owned())),
                message: format!("the example {problem}"),
                excerpt: None,
            }]
        }
    }
}

/// The document position of a position inside the block.
fn place(block: &CodeBlock, lines: &Lines<'_>, at: Option<Location>) -> Location {
    let Some(at) = at else {
        return block.location;
    };
    let text = &block.text;
    let line_start = text
        .split_inclusive('\n')
        .take(usize::try_from(at.line.saturating_sub(1)).unwrap_or(usize::MAX))
        .map(str::len)
        .sum::<usize>();
    let line_start = line_start.min(text.len());
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let column = usize::try_from(at.column.saturating_sub(1)).unwrap_or(usize::MAX);
    let byte = line
        .char_indices()
        .nth(column)
        .map_or(line_start + line.len(), |(i, _)| line_start + i);
    block
        .source_byte(byte)
        .map_or(block.location, |source| lines.location(source))
}
