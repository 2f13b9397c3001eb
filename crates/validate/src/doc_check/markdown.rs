//! Reading API documentation written in markdown into endpoint sections,
//! keeping the source position of everything a finding may point at.
//!
//! A section starts at a heading of level 1 or 2 and runs to the next one.
//! Inside it, an `HTTP Request` heading introduces the method and URL, and a
//! heading starting with `Response` introduces the attribute table. These
//! two headings never start a section of their own, whatever their level,
//! so a document with one endpoint per page reads the same way.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::finding::Location;

/// Byte offsets of line starts, to turn offsets into lines and columns.
#[derive(Debug)]
pub struct Lines<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// The line index of `source`.
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { source, starts }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn location(&self, byte: usize) -> Location {
        let mut byte = byte.min(self.source.len());
        while !self.source.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|start| *start <= byte);
        let start = self.starts[line - 1];
        Location {
            line: line as u64,
            column: self.source[start..byte].chars().count() as u64 + 1,
        }
    }
}

/// The method and URL under an `HTTP Request` heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path of the URL, without host or query.
    pub path: String,
    /// Where the line is.
    pub location: Location,
}

/// One table cell's text and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The cell's text, inline code included without its backticks.
    pub text: String,
    /// Where the cell's text starts.
    pub location: Location,
}

/// A table under a `Response` heading.
#[derive(Debug, Clone)]
pub struct Table {
    /// Where the table starts.
    pub location: Location,
    /// The header cells.
    pub header: Vec<Cell>,
    /// The body rows.
    pub rows: Vec<Vec<Cell>>,
}

/// A fenced code block marked `json`.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The block's content.
    pub text: String,
    /// Where the content starts (the line after the fence).
    pub location: Location,
    /// Pieces of `text` and the source offsets they were read from.
    pieces: Vec<(Range<usize>, usize)>,
}

impl CodeBlock {
    /// The source offset of a byte offset into [`CodeBlock::text`].
    pub fn source_byte(&self, byte: usize) -> Option<usize> {
        self.pieces
            .iter()
            .find(|(range, _)| range.contains(&byte) || range.end == byte)
            .map(|(range, source)| source + (byte - range.start))
    }
}

/// One endpoint section, or the text before the first heading.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's text; empty before the first heading.
    pub heading: String,
    /// Where the heading is.
    pub location: Location,
    /// The request line, when the section has one.
    pub request: Option<Request>,
    /// Tables under a `Response` heading.
    pub tables: Vec<Table>,
    /// JSON code blocks anywhere in the section.
    pub examples: Vec<CodeBlock>,
}

impl Section {
    fn new(heading: String, location: Location) -> Self {
        Self {
            heading,
            location,
            request: None,
            tables: Vec::new(),
            examples: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Under {
    Section,
    Request,
    Response,
    Other,
}

#[derive(Default)]
struct Block {
    json: bool,
    text: String,
    start: usize,
    pieces: Vec<(Range<usize>, usize)>,
}

/// Every section of a markdown document.
pub fn sections(source: &str) -> Vec<Section> {
    let lines = Lines::new(source);
    let mut sections = vec![Section::new(String::new(), Location { line: 1, column: 1 })];
    let mut under = Under::Section;
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    let mut block: Option<Block> = None;
    let mut paragraph: Option<(usize, String)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Vec<Cell>> = None;
    let mut cell: Option<(usize, String)> = None;

    let parser = Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let section = sections
            .last_mut()
            .expect("the list starts with one section");
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text)) = heading.take() else {
                    continue;
                };
                let text = text.trim().to_owned();
                let lower = text.to_lowercase();
                under = if lower == "http request" {
                    Under::Request
                } else if lower.starts_with("response") {
                    Under::Response
                } else if level <= HeadingLevel::H2 {
                    sections.push(Section::new(text, lines.location(start)));
                    Under::Section
                } else {
                    Under::Other
                };
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let language = info.split_whitespace().next().unwrap_or_default();
                block = Some(Block {
                    json: language.eq_ignore_ascii_case("json"),
                    start: content_start(source, range.start),
                    ..Block::default()
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some(done) = block.take() else {
                    continue;
                };
                if done.json {
                    section.examples.push(CodeBlock {
                        location: lines.location(done.start),
                        text: done.text,
                        pieces: done.pieces,
                    });
                } else if under == Under::Request && section.request.is_none() {
                    let first = done.text.lines().next().unwrap_or_default();
                    section.request = request(first, lines.location(done.start));
                }
            }
            Event::Text(text) if block.is_some() => {
                let open = block.as_mut().expect("checked by the guard");
                let at = open.text.len();
                open.text.push_str(&text);
                // Pieces copied verbatim map back to the source; others
                // (rare: tabs expanded) fall back to the block's start.
                if source.get(range.clone()) == Some(&*text) {
                    open.pieces.push((at..open.text.len(), range.start));
                }
            }
            Event::Start(Tag::Paragraph)
                if under == Under::Request && section.request.is_none() =>
            {
                paragraph = Some((range.start, String::new()));
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some((start, text)) = paragraph.take() {
                    section.request = request(&text, lines.location(start));
                }
            }
            Event::Start(Tag::Table(_)) if under == Under::Response => {
                table = Some(Table {
                    location: lines.location(range.start),
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(done) = table.take() {
                    section.tables.push(done);
                }
            }
            Event::Start(Tag::TableHead | Tag::TableRow) if table.is_some() => {
                row = Some(Vec::new());
            }
            Event::End(TagEnd::TableHead) => {
                if let (Some(open), Some(cells)) = (table.as_mut(), row.take()) {
                    open.header = cells;
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let (Some(open), Some(cells)) = (table.as_mut(), row.take()) {
                    open.rows.push(cells);
                }
            }
            Event::Start(Tag::TableCell) if row.is_some() => {
                cell = Some((cell_start(source, range.start), String::new()));
            }
            Event::End(TagEnd::TableCell) => {
                if let (Some(cells), Some((start, text))) = (row.as_mut(), cell.take()) {
                    cells.push(Cell {
                        text: text.trim().to_owned(),
                        location: lines.location(start),
                    });
                }
            }
            Event::Text(text) | Event::Code(text) => {
                let target = heading
                    .as_mut()
                    .map(|(_, _, t)| t)
                    .or(cell.as_mut().map(|(_, t)| t))
                    .or(paragraph.as_mut().map(|(_, t)| t));
                if let Some(target) = target {
                    target.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Html(_) | Event::InlineHtml(_) => {
                let target = cell
                    .as_mut()
                    .map(|(_, t)| t)
                    .or(paragraph.as_mut().map(|(_, t)| t));
                if let Some(target) = target {
                    target.push(' ');
                }
            }
            _ => {}
        }
    }
    sections
}

/// The first byte of a fenced block's content: the line after the fence.
fn content_start(source: &str, fence: usize) -> usize {
    source[fence..]
        .find('\n')
        .map_or(source.len(), |i| fence + i + 1)
}

/// The first byte of a cell's text, past the pipe and padding.
fn cell_start(source: &str, start: usize) -> usize {
    let skipped = source[start..]
        .char_indices()
        .find(|(_, c)| !matches!(c, ' ' | '\t' | '|'))
        .map_or(0, |(i, _)| i);
    start + skipped
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// `GET https://host/path` (or a bare path) from a request line.
fn request(line: &str, location: Location) -> Option<Request> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|word| METHODS.contains(word))?;
    let target = words.get(at + 1)?;
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    Some(Request {
        method: words[at].to_owned(),
        path: path.to_owned(),
        location,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# API\n\n## List things\n\n```json\n{\"a\": 1}\n```\n\n### HTTP \
                       Request\n\n`GET https://example.invalid/api/things?page=1`\n\n### \
                       Response JSON\n\nAttribute | Type\n--- | ---\n`a` | integer\n\n## \
                       Other\n\nText.\n";

    #[test]
    fn sections_hold_their_request_table_and_examples() {
        let sections = sections(DOC);
        let names: Vec<&str> = sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(names, ["", "API", "List things", "Other"]);
        let list = &sections[2];
        assert_eq!(list.location, Location { line: 3, column: 1 });
        let request = list.request.as_ref().unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, "/api/things?page=1");
        assert_eq!(request.location.line, 11);
        let table = &list.tables[0];
        assert_eq!(table.header[1].text, "Type");
        assert_eq!(table.rows[0][0].text, "a");
        assert_eq!(
            table.rows[0][1].location,
            Location {
                line: 17,
                column: 7
            }
        );
        let example = &list.examples[0];
        assert_eq!(example.text, "{\"a\": 1}\n");
        assert_eq!(example.location.line, 6);
    }

    #[test]
    fn code_block_offsets_map_back_to_the_source() {
        let source = "# A\n\n- item\n\n  ```json\n  {\n    \"x\": 1\n  }\n  ```\n";
        let sections = sections(source);
        let block = &sections[1].examples[0];
        let x = block.text.find("\"x\"").unwrap();
        let lines = Lines::new(source);
        let at = lines.location(block.source_byte(x).unwrap());
        assert_eq!(at, Location { line: 7, column: 5 });
    }

    #[test]
    fn request_lines_take_urls_or_paths() {
        let at = Location { line: 1, column: 1 };
        assert_eq!(request("GET /a/b", at).unwrap().path, "/a/b");
        assert_eq!(request("POST https://h.invalid", at).unwrap().path, "/");
        assert!(request("get the list", at).is_none());
    }
}
