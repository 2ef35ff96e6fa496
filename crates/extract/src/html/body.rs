//! The main content as blocks: the extractor's cleaned HTML becomes paragraphs,
//! headings, list items and table rows, each one block of text.

use super::scan::collapse;
use trafilatura::dom::{Document, NodeId};

/// What a block was in the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (or a text run in a container).
    Paragraph,
    /// A heading (`h1`–`h6`).
    Heading,
    /// A list item.
    ListItem,
    /// A table row (cells separated by tabs).
    TableRow,
    /// A quotation block.
    Quote,
    /// Preformatted text or code.
    Pre,
    /// A figure caption found inside the content.
    Caption,
}

/// One block of the main content.
#[derive(Clone, Debug)]
pub struct Block {
    /// Its text, whitespace collapsed (table cells joined by a tab).
    pub text: String,
    /// What it was.
    pub kind: BlockKind,
}

/// Elements that end a block of text.
pub(super) const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "aside",
    "details",
    "summary",
    "hr",
    "center",
    "address",
];

/// The kind of block an element makes by its tag (`None`: its container's kind).
pub(super) fn kind_of(tag: &str) -> Option<BlockKind> {
    Some(match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dt" | "dd" => BlockKind::ListItem,
        "tr" => BlockKind::TableRow,
        "blockquote" => BlockKind::Quote,
        "pre" => BlockKind::Pre,
        "figcaption" => BlockKind::Caption,
        _ => return None,
    })
}

/// Splits extracted content HTML into blocks.
pub fn blocks(content_html: &str) -> Vec<Block> {
    let doc = Document::parse(content_html);
    let root = doc.body().unwrap_or_else(|| doc.root());
    let mut out = Vec::new();
    let mut run = String::new();
    walk(&doc, root, BlockKind::Paragraph, &mut out, &mut run, 0);
    flush(&mut out, &mut run, BlockKind::Paragraph);
    out
}

fn flush(out: &mut Vec<Block>, run: &mut String, kind: BlockKind) {
    let text = collapse(run);
    run.clear();
    if !text.is_empty() {
        out.push(Block { text, kind });
    }
}

fn has_block_child(doc: &Document, id: NodeId) -> bool {
    doc.children(id)
        .into_iter()
        .any(|c| BLOCK_TAGS.contains(&doc.tag_name(c)))
}

fn walk(
    doc: &Document,
    id: NodeId,
    kind: BlockKind,
    out: &mut Vec<Block>,
    run: &mut String,
    depth: usize,
) {
    if depth > 200 {
        return;
    }
    for child in doc.child_nodes(id) {
        if doc.is_text(child) {
            run.push_str(&doc.outer_html(child));
            continue;
        }
        if !doc.is_element(child) {
            continue;
        }
        let tag = doc.tag_name(child);
        match tag {
            "br" => run.push(' '),
            "script" | "style" | "noscript" => {}
            "img" | "graphic" => {}
            "tr" => {
                flush(out, run, kind);
                let cells: Vec<String> = doc
                    .children(child)
                    .into_iter()
                    .map(|c| inline_text(doc, c))
                    .filter(|t| !t.is_empty())
                    .collect();
                if !cells.is_empty() {
                    out.push(Block {
                        text: cells.join("\t"),
                        kind: BlockKind::TableRow,
                    });
                }
            }
            _ if BLOCK_TAGS.contains(&tag) => {
                flush(out, run, kind);
                let k = kind_of(tag).unwrap_or(kind);
                if matches!(k, BlockKind::Heading | BlockKind::Pre | BlockKind::Caption)
                    || !has_block_child(doc, child)
                {
                    let mut inner = String::new();
                    walk(doc, child, k, out, &mut inner, depth + 1);
                    flush(out, &mut inner, k);
                } else {
                    walk(doc, child, k, out, run, depth + 1);
                    flush(out, run, k);
                }
            }
            _ => walk(doc, child, kind, out, run, depth + 1),
        }
    }
}

fn inline_text(doc: &Document, id: NodeId) -> String {
    let mut out = Vec::new();
    let mut run = String::new();
    walk(doc, id, BlockKind::Paragraph, &mut out, &mut run, 0);
    flush(&mut out, &mut run, BlockKind::Paragraph);
    out.into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_blocks_keep_structure() {
        let b = blocks(
            "<h2>Head</h2><p>One <b>bold</b> word<br>and a break.</p><ul><li>first</li><li>second</li></ul>\
<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>",
        );
        let texts: Vec<_> = b.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            texts,
            [
                ("Head", BlockKind::Heading),
                ("One bold word and a break.", BlockKind::Paragraph),
                ("first", BlockKind::ListItem),
                ("second", BlockKind::ListItem),
                ("a\t1", BlockKind::TableRow),
                ("b\t2", BlockKind::TableRow),
            ]
        );
    }
}
