//! dateline's extract stage: a [`Page`] becomes an [`Article`].
//!
//! [`AutoExtractor`] picks the extractor from what ingest recognised: HTML pages and
//! WARC responses go to [`HtmlExtractor`], plain text and WET records to
//! [`TextExtractor`].
//!
//! ```
//! use dateline_core::{Extractor, InputFormat};
//! use dateline_extract::AutoExtractor;
//! let page = dateline_ingest::page_from_bytes(
//!     "story.txt",
//!     InputFormat::Text,
//!     b"Storm hits coast\n\nThe storm came ashore at dawn.\n\nPlease enter your comment!\n".to_vec(),
//! );
//! let article = AutoExtractor::default().extract(&page).unwrap();
//! assert_eq!(article.title.unwrap().value, "Storm hits coast");
//! assert_eq!(article.text, "The storm came ashore at dawn.");
//! assert_eq!(article.removed.len(), 1);
//! ```

mod html;
pub mod lexicon;
mod text;

pub use html::HtmlExtractor;
pub use text::TextExtractor;

use dateline_core::{Article, Extractor, InputFormat, Page, StageError};

/// An article plus warnings about the input (lossy decoding and the like).
#[derive(Clone, Debug)]
pub struct Extracted {
    /// The article.
    pub article: Article,
    /// Warnings, each naming what was wrong in the input.
    pub warnings: Vec<String>,
}

/// Chooses the extractor by input format.
#[derive(Clone, Debug, Default)]
pub struct AutoExtractor {
    /// For plain text and WET.
    pub text: TextExtractor,
    /// For HTML and WARC responses.
    pub html: HtmlExtractor,
}

impl AutoExtractor {
    /// Extracts with warnings.
    pub fn extract_with_warnings(&self, page: &Page) -> Result<Extracted, StageError> {
        let out = match page.source.format {
            InputFormat::Html | InputFormat::Warc => self.html.extract(page),
            InputFormat::Text | InputFormat::Wet => self.text.extract(page),
        };
        if out.article.text.trim().is_empty() {
            return Err(StageError::new(
                "extract",
                "no article text found (the page holds only a title, residue or markup)",
            ));
        }
        Ok(out)
    }
}

impl Extractor for AutoExtractor {
    fn extract(&self, page: &Page) -> Result<Article, StageError> {
        self.extract_with_warnings(page).map(|e| e.article)
    }
}

/// A cheap language guess for English text from function-word frequency; `None` when
/// the text is too short or does not look English.
pub fn detect_language(text: &str) -> Option<&'static str> {
    const EN: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "was", "said",
        "it", "as", "at", "by", "he", "she", "his", "her", "from", "has", "have", "are",
    ];
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
        .map(str::to_lowercase)
        .collect();
    if words.len() < 5 {
        return None;
    }
    let hits = words.iter().filter(|w| EN.contains(&w.as_str())).count();
    (hits * 100 / words.len() >= 15).then_some("en")
}
