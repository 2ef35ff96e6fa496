//! HTML → Article: a light, dependency-free extractor.
//!
//! Paragraph-level blocks (`p`, headings, list items, block quotes) outside page chrome
//! (`nav`, `header`, `footer`, `aside`, `form`, scripts) become the body; `figcaption`
//! becomes a caption; `<title>`, `<meta>` and `<html lang>` give the metadata. Each
//! paragraph keeps the byte range of its element in the page as its alignment.

use crate::{detect_language, Extracted};
use dateline_core::{Article, Caption, Field, Page, Provenance, RemovalReason, Removed, Span};

/// The HTML extractor.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtractor;

const CHROME: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
    "iframe", "button", "select",
];
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "pre",
    "td",
];

fn removal_for(tag: &str) -> RemovalReason {
    match tag {
        "nav" | "header" => RemovalReason::Navigation,
        "footer" => RemovalReason::Legal,
        "form" => RemovalReason::CommentForm,
        "aside" => RemovalReason::RelatedLinks,
        _ => RemovalReason::Other,
    }
}

impl HtmlExtractor {
    /// Extracts the article from an HTML page.
    pub fn extract(&self, page: &Page) -> Extracted {
        let mut warnings = Vec::new();
        let decoded = dateline_ingest::decode_utf8(&page.bytes);
        if let Some(at) = decoded.first_invalid {
            warnings.push(format!(
                "invalid UTF-8 at byte {at} (decoded lossily: bad sequences became U+FFFD)"
            ));
        }
        // Offsets below are into the decoded page; for valid UTF-8 that is the input
        // shifted by the BOM.
        let html = decoded.text.as_str();
        let bom = decoded.bom;
        let mut article = Article {
            source: page.source.clone(),
            ..Article::default()
        };
        let mut body: Vec<(String, Span)> = Vec::new();
        let mut chrome: Vec<(String, usize)> = Vec::new();
        let mut block: Option<(String, usize, String)> = None;
        let mut title: Option<String> = None;
        let mut in_title = false;
        let mut i = 0;
        let b = html.as_bytes();
        while i < b.len() {
            if b[i] == b'<' {
                let Some(close) = html[i..].find('>').map(|k| i + k) else {
                    break;
                };
                let raw = &html[i + 1..close];
                if raw.starts_with("!--") {
                    i = html[i..].find("-->").map_or(b.len(), |k| i + k + 3);
                    continue;
                }
                let end_tag = raw.starts_with('/');
                let name: String = raw
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !end_tag {
                    match name.as_str() {
                        "html" => {
                            if let Some(lang) = attr(raw, "lang") {
                                article.language =
                                    Some(Field::new(lang.to_ascii_lowercase(), Provenance::Meta));
                            }
                        }
                        "meta" => meta(raw, &mut article),
                        "link" if attr(raw, "rel").as_deref() == Some("canonical") => {
                            article.canonical_url = attr(raw, "href");
                        }
                        "title" => in_title = true,
                        _ => {}
                    }
                }
                if matches!(name.as_str(), "script" | "style") && !end_tag {
                    let endtag = format!("</{name}");
                    let lower = html[close..].to_ascii_lowercase();
                    let skip = lower.find(&endtag).map_or(b.len(), |k| close + k);
                    i = skip;
                    continue;
                }
                if CHROME.contains(&name.as_str()) && !raw.ends_with('/') {
                    if end_tag {
                        if let Some(pos) = chrome.iter().rposition(|(n, _)| *n == name) {
                            let (n, start) = chrome.remove(pos);
                            if chrome.is_empty() {
                                let text = strip(&html[start..i]);
                                if !text.is_empty() {
                                    article.removed.push(Removed {
                                        text: shorten(&text),
                                        reason: removal_for(&n),
                                        rule: format!("<{n}> element"),
                                        input_span: Some(Span::new(start + bom, i + bom)),
                                    });
                                }
                            }
                        }
                    } else {
                        chrome.push((name.clone(), i));
                    }
                } else if chrome.is_empty() && BLOCKS.contains(&name.as_str()) {
                    if let Some((tag, start, text)) = block.take() {
                        finish(&tag, start, i, &text, bom, &mut body, &mut article);
                    }
                    if !end_tag {
                        block = Some((name.clone(), i, String::new()));
                    }
                } else if name == "br" {
                    if let Some((_, _, text)) = block.as_mut() {
                        text.push(' ');
                    }
                } else if end_tag && name == "title" {
                    in_title = false;
                }
                i = close + 1;
            } else {
                let next = html[i..].find('<').map_or(b.len(), |k| i + k);
                let text = &html[i..next];
                if in_title {
                    title.get_or_insert_with(String::new).push_str(text);
                } else if chrome.is_empty() {
                    if let Some((_, _, t)) = block.as_mut() {
                        t.push_str(text);
                    }
                }
                i = next;
            }
        }
        if let Some((tag, start, text)) = block.take() {
            finish(&tag, start, b.len(), &text, bom, &mut body, &mut article);
        }
        if article.title.is_none() {
            if let Some(t) = title.map(|t| collapse(&decode_entities(&t))) {
                article.title = Some(Field::new(strip_site_suffix(&t), Provenance::Heading));
            }
        }
        article.set_body(body.iter().map(|(t, s)| (t.as_str(), *s)));
        if let Some(url) = &page.url {
            article.url = Some(Field::new(url.clone(), Provenance::Transport));
        }
        if let Some(site) = &page.site_override {
            article.site = Some(Field::new(site.clone(), Provenance::User));
        }
        if let Some(date) = &page.published_override {
            article.published = Some(Field::new(date.clone(), Provenance::User));
        }
        if article.language.is_none() {
            article.language = detect_language(&article.text)
                .map(|l| Field::new(l.to_string(), Provenance::Detected));
        }
        Extracted { article, warnings }
    }
}

fn finish(
    tag: &str,
    start: usize,
    end: usize,
    raw: &str,
    bom: usize,
    body: &mut Vec<(String, Span)>,
    article: &mut Article,
) {
    let text = collapse(&decode_entities(raw));
    if text.is_empty() {
        return;
    }
    let span = Span::new(start + bom, end + bom);
    if tag == "figcaption" {
        article.captions.push(Caption {
            text,
            credit: None,
            input_span: span,
        });
    } else {
        body.push((text, span));
    }
}

fn meta(raw: &str, article: &mut Article) {
    let key = attr(raw, "property")
        .or_else(|| attr(raw, "name"))
        .or_else(|| attr(raw, "itemprop"))
        .map(|k| k.to_ascii_lowercase());
    let (Some(key), Some(content)) = (key, attr(raw, "content")) else {
        return;
    };
    let content = collapse(&decode_entities(&content));
    if content.is_empty() {
        return;
    }
    let field = || Field::new(content.clone(), Provenance::Meta).with_evidence(key.clone());
    match key.as_str() {
        "og:title" | "twitter:title" if article.title.is_none() => article.title = Some(field()),
        "og:site_name" => article.site = Some(field()),
        "article:published_time" | "datepublished" | "pubdate" | "date"
            if article.published.is_none() =>
        {
            article.published = Some(field())
        }
        "article:modified_time" | "datemodified" => article.modified = Some(field()),
        "author" | "article:author" if article.authors.is_empty() && !content.contains("://") => {
            article.authors.push(content.clone())
        }
        _ => {}
    }
}

/// The value of attribute `name` in a raw tag.
fn attr(raw: &str, name: &str) -> Option<String> {
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name) {
        let at = from + k;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = raw.len() - rest.len() + 1;
        let v = raw[vstart..].trim_start();
        let (q, v) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
            _ => (None, v),
        };
        let end = match q {
            Some(q) => v.find(q).unwrap_or(v.len()),
            None => v
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(v.len()),
        };
        return Some(v[..end].to_string());
    }
    None
}

fn strip(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    collapse(&decode_entities(&out))
}

fn shorten(s: &str) -> String {
    if s.len() <= 300 {
        return s.to_string();
    }
    let mut end = 300;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the common named and all numeric character references.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse().ok().and_then(char::from_u32)
            } else {
                Some(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    "nbsp" => '\u{a0}',
                    "rsquo" => '’',
                    "lsquo" => '‘',
                    "ldquo" => '“',
                    "rdquo" => '”',
                    "mdash" => '—',
                    "ndash" => '–',
                    "hellip" => '…',
                    "copy" => '©',
                    _ => return None,
                })
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// "Headline | Site" → "Headline" (the longest part, when separated by ` | `, ` - `, ` – `).
fn strip_site_suffix(title: &str) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some(k) = title.rfind(sep) {
            let (head, tail) = (&title[..k], &title[k + sep.len()..]);
            if tail.len() < head.len() && tail.split_whitespace().count() <= 5 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_extract_body_without_chrome() {
        let html = r#"<html lang="en"><head><title>Port deal signed | Harbour Times</title>
<meta property="article:published_time" content="2024-03-05T09:00:00+01:00"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port deal signed</h1><p>The two ports agreed &amp; signed.</p>
<figure><img src="x.jpg"><figcaption>Dock workers wave.</figcaption></figure>
<p>&ldquo;Good day,&rdquo; the mayor said.</p></article>
<aside><h3>Related</h3><ul><li>Other story</li></ul></aside>
<form><p>Leave a comment</p></form><footer>(c) 2024</footer></body></html>"#;
        let page = dateline_ingest::page_from_bytes(
            "t.html",
            dateline_core::InputFormat::Html,
            html.into(),
        );
        let a = HtmlExtractor.extract(&page).article;
        assert_eq!(a.title.as_ref().unwrap().value, "Port deal signed");
        assert_eq!(
            a.published.as_ref().unwrap().value,
            "2024-03-05T09:00:00+01:00"
        );
        assert_eq!(a.language.as_ref().unwrap().value, "en");
        assert_eq!(
            a.text,
            "Port deal signed\n\nThe two ports agreed & signed.\n\n“Good day,” the mayor said."
        );
        assert_eq!(a.captions[0].text, "Dock workers wave.");
        let reasons: Vec<_> = a.removed.iter().map(|r| r.reason).collect();
        assert!(reasons.contains(&RemovalReason::Navigation));
        assert!(reasons.contains(&RemovalReason::CommentForm));
        assert!(reasons.contains(&RemovalReason::RelatedLinks));
        let p = a.alignment.span_to_input(a.paragraphs[1]).unwrap();
        assert!(p.slice(html).starts_with("<p>The two ports"));
    }
}
